// Bench-only: the floor for an audit, reading a register and nothing else.
//   node scripts/bench/parse-only.mjs csv FILE     csv-parse alone, streamed, records counted
//   node scripts/bench/parse-only.mjs xlsx FILE BUNDLE   igcheck's XLSX reader alone (bundled from source)
import { createReadStream } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [kind, file, bundle] = process.argv.slice(2);
let rows = 0;
if (kind === 'csv') {
  const { parse } = await import('csv-parse');
  const parser = createReadStream(file, { highWaterMark: 1 << 18 }).pipe(parse({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }));
  for await (const record of parser) if (record) rows++;
} else if (kind === 'xlsx') {
  const { sheetRows } = await import(pathToFileURL(bundle).href);
  for await (const row of sheetRows(file)) if (row) rows++;
} else {
  console.error('usage: parse-only.mjs csv|xlsx FILE [BUNDLE]');
  process.exit(2);
}
process.stdout.write(`${rows}\n`);
