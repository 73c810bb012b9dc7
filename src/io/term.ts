// Text from users made safe for a terminal, in one place. Titles, names, data items, signer names,
// unknown keys and file names come from files anyone could have written; a terminal obeys control
// characters in them (ESC and C1 CSI sequences move the cursor or recolour, OSC 0 sets the window
// title, OSC 8 makes hidden links, CR and BEL overwrite and ring). Every human-readable output and
// error message shows such characters visibly instead (\x1b, \r, \u009b). JSON output escapes
// them itself; documents escape for their own formats (src/docs/escape.ts).

// C0 controls (tab kept), DEL, C1 controls, and the invisible bidirectional controls that can make
// text read differently from what it is ("Trojan Source"), plus the Unicode line separators.
const CONTROLS = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const CONTROLS_BUT_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\u001b': '\\x1b', '\u0007': '\\x07', '\u0008': '\\x08' };

function show(c: string): string {
  const n = c.charCodeAt(0);
  // C0 as \x1b; the rest as \u009b, which is also a valid JSON escape for the same character.
  return NAMED[c] ?? (n < 0x7f ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`);
}

/** One value from a user, for one line of terminal output: every control character shown visibly, newlines too. */
export function visible(s: string): string {
  return s.replace(CONTROLS, show);
}

/** A message of several lines (igcheck's own newlines kept): every other control character shown visibly. */
export function visibleLines(s: string): string {
  return s.replace(CONTROLS_BUT_NEWLINE, show);
}

/** Whether a string holds anything `visible` would change. */
export const hasControls = (s: string): boolean => { CONTROLS.lastIndex = 0; return CONTROLS.test(s); };

/**
 * A copy of plain data (objects, arrays, strings; keys too) with every string made `visible`, for
 * handing to a renderer of human-readable text. Other objects (Maps, class instances) are kept as they are.
 */
export function visibleDeep<T>(value: T): T {
  const seen = new Map<object, unknown>();
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return visible(v);
    if (!v || typeof v !== 'object') return v;
    if (seen.has(v)) return seen.get(v);
    if (Array.isArray(v)) { const out: unknown[] = []; seen.set(v, out); for (const x of v) out.push(walk(x)); return out; }
    if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) return v;
    const out: Record<string, unknown> = {};
    seen.set(v, out);
    for (const [k, x] of Object.entries(v)) out[visible(k)] = walk(x);
    return out;
  };
  return walk(value) as T;
}

/**
 * JSON for standard output: JSON.stringify escapes C0 controls itself but leaves DEL, C1 controls
 * (U+009B is a CSI to some terminals) and bidirectional controls raw; these become \u escapes
 * too, which is the same JSON value.
 */
export function jsonText(value: unknown): string {
  return visibleLines(JSON.stringify(value, null, 2));
}
