// Typed errors. Commands throw these; only the entry point turns them into messages and exit codes.

/** One problem in an input file, located for the user. */
export interface Problem {
  file: string;
  line?: number;
  col?: number;
  /** Where in the document: `bases[3].when.all[0]` or a fact path. */
  path?: string;
  message: string;
}

export function formatProblem(p: Problem): string {
  const where = [p.file, p.line, p.line !== undefined ? p.col : undefined].filter(x => x !== undefined).join(':');
  return `${where}: ${p.path ? `${p.path}: ` : ''}${p.message}`;
}

/** Exit code 2: the user asked for something that cannot be done as asked. */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string, readonly hint?: string) { super(message); }
}

/** Exit code 2: one or more input files (answers, rule packs, registers) are invalid. */
export class InputError extends Error {
  readonly exitCode = 2;
  constructor(readonly title: string, readonly problems: Problem[], readonly hint?: string) {
    super(`${title}\n${problems.map(formatProblem).join('\n')}`);
  }
}

/** Exit code 1: a check ran and found something wrong (verification failed, tampered register). */
export class CheckFailed extends Error {
  readonly exitCode = 1;
  constructor(message: string, readonly details: string[] = []) { super(message); }
}

/**
 * Exit code 2: the environment stopped a read or write (a full disk, a read-only folder, permission
 * denied, a directory where a file was expected). `message` names the path and the cause in plain
 * words; `hint` says what to do. Nothing was left half-written.
 */
export class EnvironmentError extends Error {
  readonly exitCode = 2;
  constructor(message: string, readonly hint: string, readonly path: string, readonly code: string, readonly reason: string = message) { super(message); }
}
