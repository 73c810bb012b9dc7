// The one way every command that decides (assess, audit, review, rules, dpia) finds its rule packs:
// the built-in pack, then those named in igcheck.config.yaml (found from `cwd` upwards, unless
// `config: false`, the --no-config option), then each --rules DIR, so a local pack applies alike everywhere.
import type { Pack } from '../core/types.js';
import { loadActivePack } from './active.js';
import { localPackDirs } from './config.js';

/** What a command was told about packs: its `--rules DIR` (repeatable) and `--no-config` options. */
export interface PackOptions { rules?: string[]; config?: boolean }

export async function resolvePacks(options: PackOptions, cwd: string = process.cwd()): Promise<Pack> {
  return loadActivePack(await localPackDirs(options.rules ?? [], { config: options.config, cwd }));
}
