// Every command other than assess registers here. Each registration is cheap (options only);
// the work is imported when the command runs, so start-up stays lean.
import type { Command } from 'commander';
import { registerRules } from './rules.js';
import { registerRegister } from './register.js';
import { registerReview } from './review.js';

export function registerCommands(program: Command): void {
  registerRules(program);
  registerRegister(program);
  registerReview(program);
}
