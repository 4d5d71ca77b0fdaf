import { defineConfig } from 'vitest/config';

// The conformance runner's own unit tests (pure logic: normalisation, output
// parsing, comparison, the generator). Run: npx vitest run --config conformance/helmfile/vitest.config.ts
export default defineConfig({
  test: {
    name: 'conformance-helmfile',
    root: new URL('.', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
  },
});
