// Every command other than assess registers here. Each registration is cheap (options only);
// the work is imported when the command runs, so start-up stays lean.
import type { Command } from 'commander';
import { registerKeygen } from './keygen.js';
import { registerSign } from './sign.js';
import { registerVerify } from './verify.js';

export function registerCommands(program: Command): void {
  registerKeygen(program);
  registerSign(program);
  registerVerify(program);
}
