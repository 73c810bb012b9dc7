// Where the decision register is: one per project, found the way igcheck.config.yaml is.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CONFIG_NAME } from '../pack/config.js';

export const DEFAULT_REGISTER = 'igcheck-register.jsonl';

/**
 * The register file: an explicit path, else $IGCHECK_REGISTER, else the nearest igcheck-register.jsonl
 * at or above `cwd`, or the one beside the nearest igcheck.config.yaml (whichever is nearer; the
 * project's root holds it), else igcheck-register.jsonl in `cwd`. So every folder of a project
 * records in the same register.
 */
export function findRegister(explicit?: string, cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return resolve(cwd, explicit);
  if (env.IGCHECK_REGISTER) return resolve(cwd, env.IGCHECK_REGISTER);
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const here = join(dir, DEFAULT_REGISTER);
    if (existsSync(here) || existsSync(join(dir, CONFIG_NAME))) return here;
    if (dirname(dir) === dir) break;
  }
  return resolve(cwd, DEFAULT_REGISTER);
}
