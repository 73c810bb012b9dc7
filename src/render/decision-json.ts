// The decision as JSON (`assess --json`, decision.json beside the documents): the contract keys of
// spec/decision.md first, then the rest, and the tool's version.
import type { Decision } from '../core/types.js';
import { version } from '../version.js';

export function decisionJson(d: Decision): Record<string, unknown> {
  return { ...d, igcheck: { version: version() } };
}
