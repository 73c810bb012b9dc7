// `npm run test:render`: the documents opened in LibreOffice and printed by headless Chromium.
// Apart from `npm test` because the tools are slow to start; one file at a time, generous timeouts.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/render/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
    globalSetup: ['test/helpers/global-setup.ts'],
    // Never touch the developer's own signing keys or register.
    env: { IGCHECK_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'igcheck-test-config-')), IGCHECK_REGISTER: '' },
  },
});
