// Placeholder until the questionnaire lands (issue 3).
import { UsageError } from '../errors.js';
import type { Facts, Pack } from '../core/types.js';

export async function runInterview(_o: { pack: Pack; asOf: string; answersFile?: string; resume?: string }): Promise<{ facts: Facts; raw: Record<string, unknown> } | undefined> {
  throw new UsageError('the interactive questionnaire is not available yet: give the facts with --answers FILE');
}
