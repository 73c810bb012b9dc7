// The core is law-agnostic: it knows no id of the England pack (rules, routes, definitions, layers,
// facts). What the pack means to the engine is said in the pack (a route's `fallback` and
// `for_unverified`, the pack's `caldicott_applies`).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinPack } from '../helpers/pack.js';

const CORE = join(import.meta.dirname, '..', '..', 'src', 'core');

describe('src/core', () => {
  it('names no id of the built-in pack in its code', () => {
    const pack = builtinPack();
    const ids = new Set([...pack.bases, ...pack.conditions, ...pack.routes, ...pack.defines, ...pack.layers, ...pack.facts, ...pack.caldicott].map(r => r.id));
    expect(ids.size).toBeGreaterThan(100);
    for (const file of readdirSync(CORE).filter(f => f.endsWith('.ts'))) {
      const code = readFileSync(join(CORE, file), 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
      for (const [, quoted] of code.matchAll(/['"`]([a-z0-9][a-z0-9._-]*)['"`]/g)) expect(ids.has(quoted), `${file} names \`${quoted}\``).toBe(false);
    }
  });
});
