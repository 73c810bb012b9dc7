// `igcheck review`: agreements due for review, open conditions, and what a rule change touches.
// Options only; the work lives in src/review/run.ts and is imported on use.
import type { Command } from 'commander';

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function registerReview(program: Command): void {
  program.command('review')
    .description('List agreements due for review, open conditions, and every recorded decision the current rules would change')
    .option('--within <period>', 'reviews due within this period: 30d, 6w, 3m, 1y', '30d')
    .option('--register <file>', 'the register file (default: $IGCHECK_REGISTER, else ./igcheck-register.jsonl)')
    .option('--rules <dir>', 'add a local rule pack on top of the built-in one (repeatable)', collect)
    .option('--no-config', 'ignore igcheck.config.yaml (its local rule packs)')
    .option('--as-of <date>', 'review as of this date (YYYY-MM-DD; default today)')
    .option('--no-impact', 'skip re-evaluating the stored answers')
    .option('--ics <file>', 'also write the review dates as an iCalendar file (imports into Outlook)')
    .option('--json', 'print the review as JSON')
    .addHelpText('after', `
Exit codes: 0 nothing overdue and no decision would change; 1 a review is overdue, or a recorded
decision would change (or its answers can no longer be read); 2 usage error.

Examples:
  igcheck review                                  what needs attention in the next 30 days
  igcheck review --within 3m --ics reviews.ics    and a calendar file of every review date
  igcheck review --json                           for scripts`)
    .action(async (opts: { within?: string; register?: string; rules?: string[]; config?: boolean; asOf?: string; impact?: boolean; ics?: string; json?: boolean }) => {
      const { runReview } = await import('../../review/run.js');
      process.exitCode = await runReview(opts);
    });
}
