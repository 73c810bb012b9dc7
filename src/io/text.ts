// Bytes to text for every input igcheck reads: UTF-8 only, refused (not silently replaced) where
// it is invalid, naming the byte offset, so a damaged file is never signed into the documents.
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
