// No module imports one that imports it back (directly or round a longer loop), counting
// `import type` and `await import()`: layers stay layers, and each can be read on its own.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycles, importGraph } from './import-graph.js';

const SRC = join(import.meta.dirname, '..', '..', 'src');

describe('the import graph of src/', () => {
  const graph = importGraph(SRC);
  it('is read (a sanity check on the reader)', () => {
    expect(graph.get('cli/commands/assess.ts')).toContain('assess/run.ts');
    expect(graph.get('assess/run.ts')).toContain('core/evaluate.ts');
  });
  it('has no cycles', () => {
    expect(cycles(graph)).toEqual([]);
  });
  it('finds a cycle when there is one', () => {
    expect(cycles(new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']], ['d.ts', ['a.ts']]]))).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });
  it('keeps the core pure: it imports nothing outside src/core but the schema its types derive from', () => {
    for (const [file, deps] of graph) if (file.startsWith('core/')) for (const d of deps) expect(d, `${file} imports ${d}`).toMatch(/^core\/|^load\/pack-schema\.ts$/);
  });
  it('keeps the schema a leaf: it imports nothing of the project', () => {
    expect(graph.get('load/pack-schema.ts')).toEqual([]);
  });
  it('keeps the command adapters on top: nothing outside src/cli imports one', () => {
    for (const [file, deps] of graph) {
      if (file.startsWith('cli/')) continue;
      for (const d of deps) if (d.startsWith('cli/commands/')) expect.fail(`${file} imports ${d}`);
    }
  });
});
