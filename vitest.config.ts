import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The LibreOffice and Chromium tests run apart: `npm run test:render` (vitest.render.config.ts).
    exclude: [...configDefaults.exclude, 'test/render/**'],
    testTimeout: 30_000,
    // End-to-end tests run the built binary: build once before the suite.
    globalSetup: ['test/helpers/global-setup.ts'],
    // Never touch the developer's own signing keys or register.
    env: { IGCHECK_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'igcheck-test-config-')), IGCHECK_REGISTER: '' },
  },
});
