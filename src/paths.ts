// Paths as a user would type them: as given when relative, relative when below the working
// directory, absolute otherwise (never ../../ up to the root).
import { isAbsolute, normalize, relative } from 'node:path';

export function shownPath(p: string): string {
  if (!isAbsolute(p)) return normalize(p);
  const r = relative(process.cwd(), p);
  return !r || r.startsWith('..') ? p : r;
}
