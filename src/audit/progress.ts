// The progress line on a terminal: rows, rows per second, how far through the file, and the time
// left. Written to stderr only when stderr is a terminal, so piped or redirected runs stay clean.
import type { Progress } from './sheet.js';

export interface Ticker { tick(rows: number): void; done(): void }

const silent: Ticker = { tick() {}, done() {} };

export function progressLine(rows: number, seconds: number, progress: Progress): string {
  const rate = seconds > 0 ? rows / seconds : 0;
  const frac = progress.total ? Math.min(1, progress.read / progress.total) : 0;
  const eta = frac > 0.01 && frac < 1 ? (seconds / frac) * (1 - frac) : undefined;
  const fmt = (s: number) => `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`;
  const width = 20;
  const bar = `${'#'.repeat(Math.round(frac * width))}${'-'.repeat(width - Math.round(frac * width))}`;
  return `[${bar}] ${Math.round(frac * 100)}% · ${rows.toLocaleString('en-GB')} rows · ${Math.round(rate).toLocaleString('en-GB')} rows/s${eta !== undefined ? ` · ETA ${fmt(eta)}` : ''}`;
}

export function ticker(progress: Progress, stream: NodeJS.WriteStream = process.stderr, now: () => number = () => performance.now()): Ticker {
  if (!stream.isTTY) return silent;
  const start = now();
  let last = start; // nothing for the first quarter second: a small register finishes before it would be read
  let shown = false;
  return {
    tick(rows) {
      const t = now();
      if (t - last < 250) return; // redraw four times a second at most: the terminal is not the bottleneck
      last = t;
      shown = true;
      stream.write(`\r${progressLine(rows, (t - start) / 1000, progress)}\x1b[K`);
    },
    done() { if (shown) stream.write('\r\x1b[K'); },
  };
}
