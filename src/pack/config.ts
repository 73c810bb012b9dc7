// The project config file, igcheck.config.yaml, found from the working directory upwards:
// `rules:` lists local pack directories, relative to the config file, added on top of the built-in pack.
import { shownPath } from '../paths.js';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError, type Problem } from '../errors.js';

export const CONFIG_NAME = 'igcheck.config.yaml';

export interface ProjectConfig { file: string; rules: string[] }

/** The nearest igcheck.config.yaml at or above `cwd`, or undefined. Cheap: no YAML is loaded unless one exists. */
export function findConfig(cwd: string = process.cwd()): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    const candidate = join(dir, CONFIG_NAME);
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** Read and check a config file; rule directories come back as absolute paths. */
export async function readConfig(file: string): Promise<ProjectConfig> {
  const { parseYaml, nodeAt, keyNodeAt, position } = await import('../load/yaml-doc.js');
  const shown = shownPath(file);
  const parsed = parseYaml(readFileSync(file, 'utf8'), shown);
  if (parsed.problems.length) throw new InputError('The igcheck config file is not valid YAML', parsed.problems);
  const data = parsed.doc.toJS({ maxAliasCount: 100 }) as unknown;
  const problems: Problem[] = [];
  const at = (path: (string | number)[], message: string, key = false): void => {
    problems.push({ file: shown, ...position(parsed, key ? keyNodeAt(parsed.doc, path) : nodeAt(parsed.doc, path)), path: path.join('.') || undefined, message });
  };
  const rules: string[] = [];
  if (data === null || data === undefined) return { file, rules };
  if (typeof data !== 'object' || Array.isArray(data)) at([], 'expected a mapping such as `rules: [local-rules]`');
  else {
    for (const key of Object.keys(data)) if (key !== 'rules') at([key], `unknown setting \`${key}\` (known: rules)`, true);
    const list = (data as { rules?: unknown }).rules;
    if (list !== undefined && list !== null) {
      if (!Array.isArray(list)) at(['rules'], 'expected a list of rule pack directories');
      else list.forEach((d, i) => {
        if (typeof d !== 'string' || !d.trim()) at(['rules', i], 'expected a directory path');
        else if (!existsSync(resolve(dirname(file), d))) at(['rules', i], `no such directory: ${resolve(dirname(file), d)}`);
        else rules.push(resolve(dirname(file), d));
      });
    }
  }
  if (problems.length) throw new InputError('The igcheck config file is invalid', problems);
  return { file, rules };
}

/**
 * The local pack directories in force: the config file's (unless disabled), then `--rules`, each once.
 * Config packs come first so a pack named on the command line can override them.
 */
export async function localPackDirs(cliDirs: string[] = [], opts: { config?: boolean; cwd?: string } = {}): Promise<string[]> {
  const cwd = resolve(opts.cwd ?? process.cwd());
  const file = opts.config === false ? undefined : findConfig(cwd);
  const fromConfig = file ? (await readConfig(file)).rules : [];
  const seen = new Set<string>();
  const out: string[] = [];
  // --rules directories are relative to the working directory; the config's are absolute already.
  for (const d of [...fromConfig, ...cliDirs.map(d => resolve(cwd, d))]) {
    if (seen.has(d)) continue;
    seen.add(d);
    out.push(d);
  }
  return out;
}
