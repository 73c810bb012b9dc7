// Bytes to text for every input igcheck reads: UTF-8 only, refused (not silently replaced) where
// it is invalid, naming the byte offset, so a damaged file is never signed into the documents.
import { closeSync, openSync, readSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { InputError } from '../errors.js';

/** The offset of the first byte that is not part of well-formed UTF-8, or -1 when all is well. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i];
    if (c < 0x80) { i++; continue; }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) { need = 2; if (c === 0xe0) lo = 0xa0; if (c === 0xed) hi = 0x9f; }
    else if (c >= 0xf0 && c <= 0xf4) { need = 3; if (c === 0xf0) lo = 0x90; if (c === 0xf4) hi = 0x8f; }
    else return i;
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined) return i;
      if (k === 1 ? d < lo || d > hi : d < 0x80 || d > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

const strict = new TextDecoder('utf-8', { fatal: true });

/** Decode UTF-8 (a leading BOM dropped), refusing invalid bytes with an InputError naming `file`, line and byte offset. */
export function decodeUtf8(buf: Uint8Array, file: string, what = 'file'): string {
  let text: string;
  try { text = strict.decode(buf); } catch {
    const at = firstInvalidUtf8(buf);
    let line = 1;
    for (let i = 0; i < at; i++) if (buf[i] === 10) line++;
    throw new InputError(`The ${what} is not valid UTF-8`, [{ file, line, message: `byte ${at} (0x${buf[at]?.toString(16).padStart(2, '0')}) is not valid UTF-8; save the file as UTF-8 text` }]);
  }
  return text.replace(/^\uFEFF/, '');
}

/**
 * Check a whole file is UTF-8 without holding it: read a MiB at a time (a character split across
 * two reads is carried over). Throws an InputError naming the byte offset and line of the first
 * invalid byte, with `fix` saying what to do.
 */
export function assertUtf8File(file: string, fix: string): void {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    let carry = 0; // bytes of an unfinished character kept at the front of buf
    let offset = 0; // file offset of buf[0]
    for (;;) {
      const n = readSync(fd, buf, carry, buf.length - carry, offset + carry);
      const len = carry + n;
      if (!len) return;
      // Hold back an unfinished character at the end (at most 3 bytes), unless the file has ended.
      let end = len;
      if (n) { let k = len - 1; let back = 0; while (k >= 0 && back < 3 && (buf[k] & 0xc0) === 0x80) { k--; back++; } if (k >= 0 && buf[k] >= 0xc0) end = k; }
      const part = buf.subarray(0, end);
      if (!isUtf8(part)) {
        const at = firstInvalidUtf8(part);
        const lines = linesBefore(fd, offset + at);
        throw new InputError('The file is not UTF-8 text', [{ file, line: lines, message: `byte ${offset + at} (0x${part[at].toString(16).padStart(2, '0')}) is not valid UTF-8; ${fix}` }]);
      }
      if (!n) return;
      buf.copy(buf, 0, end, len);
      carry = len - end;
      offset += end;
    }
  } finally { closeSync(fd); }
}

/** The line number (1-based) of the byte at `offset`: line feeds before it, plus one. */
function linesBefore(fd: number, offset: number): number {
  const buf = Buffer.alloc(1 << 20);
  let lines = 1;
  for (let pos = 0; pos < offset;) {
    const n = readSync(fd, buf, 0, Math.min(buf.length, offset - pos), pos);
    if (!n) break;
    for (let i = buf.indexOf(10, 0); i >= 0 && i < n; i = buf.indexOf(10, i + 1)) lines++;
    pos += n;
  }
  return lines;
}
