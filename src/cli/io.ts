// Reading inputs for commands: files or standard input, with a size cap so a huge file fails fast.
import { openSync, readSync, closeSync, fstatSync } from 'node:fs';
import { InputError, UsageError } from '../errors.js';
import { decodeUtf8 } from '../io/text.js';
import { fsError } from '../io/write.js';

/** Read a text file (or `-` for standard input), refusing anything larger than `max` bytes. */
export async function readInput(path: string, max: number, what: string): Promise<{ text: string; name: string }> {
  if (path === '-') {
    if (process.stdin.isTTY) throw new UsageError(`--answers - reads ${what} from standard input, but standard input is a terminal`, 'Pipe a file in: igcheck assess --answers - < answers.yaml');
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of process.stdin) {
      size += (chunk as Buffer).length;
      if (size > max) throw new InputError(`${capital(what)} too large`, [{ file: '<stdin>', message: `more than ${Math.round(max / 1024)} KiB on standard input; ${what} is at most ${Math.round(max / 1024)} KiB` }]);
      chunks.push(chunk as Buffer);
    }
    return { text: decode(Buffer.concat(chunks), '<stdin>'), name: '<stdin>' };
  }
  let fd: number;
  try { fd = openSync(path, 'r'); } catch (e) {
    throw fsError(e, path, `read ${what}`);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw fsError(Object.assign(new Error('EISDIR'), { code: 'EISDIR' }), path, `read ${what}`);
    if (st.size > max) throw new InputError(`${capital(what)} too large`, [{ file: path, message: `is ${(st.size / 1048576).toFixed(1)} MiB; ${what} is at most ${Math.round(max / 1024)} KiB` }]);
    // A regular file is read to its size; a pipe or device (which has none) until its end, within the limit.
    const regular = st.isFile();
    const buf = Buffer.alloc(regular ? st.size : max + 1);
    let off = 0;
    while (off < buf.length) { const n = readSync(fd, buf, off, buf.length - off, regular ? off : null); if (!n) break; off += n; }
    if (off > max) throw new InputError(`${capital(what)} too large`, [{ file: path, message: `more than ${Math.round(max / 1024)} KiB; ${what} is at most ${Math.round(max / 1024)} KiB` }]);
    return { text: decode(buf.subarray(0, off), path), name: path };
  } finally { closeSync(fd); }
}

const capital = (s: string) => s.replace(/^(an? )?(.)/, (_m, _a, c: string) => c.toUpperCase());

function decode(buf: Buffer, name: string): string {
  const nul = buf.indexOf(0);
  if (nul >= 0) throw new InputError('Not a text file', [{ file: name, message: `contains a NUL byte at byte ${nul}; expected YAML or JSON text` }]);
  return decodeUtf8(buf, name, 'answers file');
}
