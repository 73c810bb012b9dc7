// The review calendar parses with a standard iCalendar parser (ical.js, Mozilla's) and holds one
// all-day event per current agreement on its review date, with a stable UID and a reminder.
import { join } from 'node:path';
import ICAL from 'ical.js';
import { expect, it } from 'vitest';
import { readRegister } from '../../src/register/store.js';
import { registerState } from '../../src/register/state.js';
import { reviewCalendar } from '../../src/review/ics.js';
import { EXAMPLES, recordExample, tempDir } from './helpers.js';

it('writes an .ics file a standard parser reads, one event per current agreement', async () => {
  const dir = tempDir();
  await recordExample(dir, EXAMPLES.carePlan, 'care-plan');
  await recordExample(dir, EXAMPLES.police, 'police');
  await recordExample(dir, EXAMPLES.carePlan, 'care-plan'); // a re-assessment supersedes the first
  const state = registerState(readRegister(join(dir, 'igcheck-register.jsonl')).entries);
  const text = reviewCalendar(state);

  const cal = new ICAL.Component(ICAL.parse(text));
  expect(cal.name).toBe('vcalendar');
  const events = cal.getAllSubcomponents('vevent').map(v => new ICAL.Event(v));
  expect(events).toHaveLength(2);
  const byDate = Object.fromEntries(events.map(e => [e.startDate.toString(), e]));
  expect(Object.keys(byDate).sort()).toEqual(['2027-03-02', '2027-05-01']);
  for (const e of events) expect(e.startDate.isDate).toBe(true); // all-day
  expect(byDate['2027-05-01'].summary).toContain('R-0003');
  expect(byDate['2027-05-01'].description).toContain('include-nhs-number');
  expect(byDate['2027-03-02'].summary).toMatch(/^Review DSA: .*\(R-0002\)$/);
  expect(new Set(events.map(e => e.uid)).size).toBe(2);
  const alarm = events[0].component.getFirstSubcomponent('valarm');
  // A week before, written in hours (RFC 5545 has no whole-day form with a trailing T).
  expect((alarm?.getFirstPropertyValue('trigger') as { toSeconds(): number } | undefined)?.toSeconds()).toBe(-7 * 24 * 3600);
  expect(text).not.toMatch(/P\d+[DW]T\r?\n/); // RFC 5545: no T without a time part

  // The UID is stable, so importing a later calendar updates the event rather than duplicating it.
  expect(reviewCalendar(state).match(/UID:.*/g)).toEqual(text.match(/UID:.*/g));
});
