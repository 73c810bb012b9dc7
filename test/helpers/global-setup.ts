// Build once before the suite so end-to-end tests run the real binary as installed.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'pipe' });
}
