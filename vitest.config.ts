import { defineConfig } from 'vitest/config';

// Two projects: `unit` is pure logic (no cluster, no helm); `integration`
// talks to the real control plane, chart repository, OCI registry and helm
// that test/harness/global-setup.ts starts once per run.
export default defineConfig({
  test: {
    reporters: ['default', './test/harness/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/harness/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
