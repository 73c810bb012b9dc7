// Every command other than assess registers here. Each registration is cheap (options only);
// the work is imported when the command runs, so start-up stays lean.
import type { Command } from 'commander';
import { registerRules } from './rules.js';

export function registerCommands(_program: Command): void {
  // Commands are added by their modules below.
  registerRules(_program);
}
