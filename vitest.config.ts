import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // End-to-end tests run the built binary: build once before the suite.
    globalSetup: ['test/helpers/global-setup.ts'],
  },
});
