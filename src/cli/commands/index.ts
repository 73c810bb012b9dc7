// Every command other than assess registers here. Each registration is cheap (options only);
// the work is imported when the command runs, so start-up stays lean.
import type { Command } from 'commander';
import { registerAudit } from './audit.js';
import { registerDpia } from './dpia.js';
import { registerKeygen } from './keygen.js';
import { registerRegister } from './register.js';
import { registerReview } from './review.js';
import { registerRules } from './rules.js';
import { registerSign } from './sign.js';
import { registerVerify } from './verify.js';
import { registerStatus } from './status.js';
import { registerJoin } from './join.js';
import { registerLeave } from './leave.js';

export function registerCommands(program: Command): void {
  registerAudit(program);
  registerRules(program);
  registerKeygen(program);
  registerSign(program);
  registerVerify(program);
  registerStatus(program);
  registerJoin(program);
  registerLeave(program);
  registerRegister(program);
  registerReview(program);
  registerDpia(program);
}
