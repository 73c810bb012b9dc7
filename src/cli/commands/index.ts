// Every command other than assess registers here. Each registration is cheap (options only);
// the work is imported when the command runs, so start-up stays lean.
import type { Command } from 'commander';
import { registerAudit } from './audit.js';

export function registerCommands(program: Command): void {
  registerAudit(program);
}
