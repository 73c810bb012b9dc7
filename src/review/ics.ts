// The review dates as an iCalendar file (RFC 5545) for Outlook and other calendars: one all-day
// event per current agreement, with a reminder a week before. Built with the `ics` library.
import { createEvents, type EventAttributes } from 'ics';
import type { RegisterState } from '../register/state.js';

export function reviewCalendar(state: RegisterState): string {
  const events: EventAttributes[] = state.current.map(a => {
    const e = a.entry;
    const [y, m, d] = e.review_date.split('-').map(Number);
    const parties = [e.discloser, e.recipient].filter(Boolean).join(' to ');
    const lines = [
      `Review the data sharing agreement ${e.id} recorded in the igcheck decision register.`,
      parties && `Parties: ${parties}.`,
      `Verdict when recorded (${e.recorded_at.slice(0, 10)}): ${e.verdict}.`,
      a.open.length ? `Conditions still open: ${a.open.join(', ')}.` : '',
      e.out_dir ? `Documents: ${e.out_dir}` : '',
      'Check for rule changes first: igcheck review',
    ].filter(Boolean);
    return {
      // Stable per entry, so re-importing updates the event instead of duplicating it.
      uid: `${e.hash.replace(/^sha256:/, '').slice(0, 32)}@igcheck`,
      start: [y, m, d],
      // An all-day event by its end date, and the alarm in hours: the ics package writes whole-day
      // durations as P1DT, which RFC 5545 does not allow and strict calendars reject.
      end: nextDay(y, m, d),
      title: `Review DSA: ${e.title} (${e.id})`,
      description: lines.join('\n'),
      categories: ['igcheck', 'data sharing review'],
      status: 'CONFIRMED',
      busyStatus: 'FREE',
      transp: 'TRANSPARENT',
      alarms: [{ action: 'display', description: `Data sharing agreement review due: ${e.title}`, trigger: { hours: 7 * 24, before: true } }],
    } satisfies EventAttributes;
  });
  const { error, value } = createEvents(events, { productId: '-//igcheck//decision register//EN', calName: 'Data sharing agreement reviews' });
  if (error || value === null) throw new Error(`cannot build the calendar: ${error?.message ?? 'no output'}`);
  return value;
}

function nextDay(y: number, m: number, d: number): [number, number, number] {
  const t = new Date(Date.UTC(y, m - 1, d + 1));
  return [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
}
