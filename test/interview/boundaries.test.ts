// Module boundaries the design fixes: one module talks to inquirer, the planner stays pure.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');
const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
  .flatMap(e => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));

it('only src/cli/prompt.ts imports @inquirer/prompts', () => {
  const users = files(SRC).filter(f => /['"]@inquirer\//.test(readFileSync(f, 'utf8'))).map(f => relative(SRC, f));
  expect(users).toEqual(['cli/prompt.ts']);
});

it('the planner does no I/O and reads no clock', () => {
  const text = readFileSync(join(SRC, 'interview/plan.ts'), 'utf8');
  expect(text).not.toMatch(/node:fs|node:child_process|process\.|console\.|new Date|Date\.now|chalk|style\.js/);
});
