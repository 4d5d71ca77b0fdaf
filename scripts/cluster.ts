// npm run cluster:up | cluster:down | cluster:status — the same as `helmfire cluster …`,
// runnable from a fresh clone before anything is built.
import { main } from '../src/cli/main.js';

process.argv.splice(2, 0, 'cluster');
await main();
