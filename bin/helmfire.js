#!/usr/bin/env -S node --stack-size=4000
// A deeper stack than Node's default, so templates can recurse (include, template)
// as deep as Go's text/template lets them before helmfire reports the limit.
import { main } from '../dist/cli/main.js';

await main();
