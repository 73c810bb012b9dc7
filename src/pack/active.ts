// Finding and loading the active rule packs: the built-in England pack (from a build-time cache
// when its files are unchanged) plus any local packs from --rules or igcheck.config.yaml.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Pack } from '../core/types.js';

let root: string | undefined;
/** The installed package's root: the nearest ancestor holding rules/england/pack.yaml. */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'rules', 'england', 'pack.yaml'))) return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('igcheck: cannot find its rules/ directory; is the package installed completely?');
    dir = up;
  }
}

export const builtinDir = () => join(packageRoot(), 'rules', 'england');
export const cachePath = () => join(packageRoot(), 'dist', 'builtin-pack.json');

/** The same digest load-pack computes, without loading the YAML or the schema validator. */
function quickDigest(dir: string): string {
  const h = createHash('sha256');
  for (const n of readdirSync(dir).filter(n => /\.ya?ml$/.test(n)).sort()) {
    h.update(basename(n)).update('\0').update(readFileSync(join(dir, n), 'utf8')).update('\0');
  }
  return `sha256:${h.digest('hex')}`;
}

/** The built-in pack, plus local packs on top when given. */
export async function loadActivePack(localDirs: string[] = []): Promise<Pack> {
  let cached: Pack | undefined;
  try {
    const c = JSON.parse(readFileSync(cachePath(), 'utf8')) as Pack;
    if (c.digest === quickDigest(builtinDir())) cached = c;
  } catch { /* no cache yet, or unreadable: load from source */ }
  if (cached && !localDirs.length) return cached;
  const { loadPacks, readPackDir } = await import('../load/load-pack.js');
  const locals = localDirs.map(d => readPackDir(d));
  // Local packs go on top of the cached built-in pack: only their own files are parsed and checked.
  return cached ? loadPacks(locals, cached) : loadPacks([readPackDir(builtinDir(), true), ...locals]);
}
