import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // End-to-end tests run the built binary: build once before the suite.
    globalSetup: ['test/helpers/global-setup.ts'],
    // Never touch the developer's own signing keys or register.
    env: { IGCHECK_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'igcheck-test-config-')), IGCHECK_REGISTER: '' },
  },
});
