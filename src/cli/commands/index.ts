// Every command other than assess registers here. Each registration is cheap (options only);
// the work is imported when the command runs, so start-up stays lean.
import type { Command } from 'commander';
import { registerRegister } from './register.js';
import { registerReview } from './review.js';

export function registerCommands(program: Command): void {
  // Commands are added by their modules below.
  registerRegister(program);
  registerReview(program);
}
