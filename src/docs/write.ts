// Placeholder until the documents land (issue 4).
import { UsageError } from '../errors.js';

export async function writeOutputs(_o: unknown): Promise<void> {
  throw new UsageError('--out is not available yet');
}
