// Loader hooks for trace-imports.mjs: append each resolved file URL to the trace file.
import { appendFileSync } from 'node:fs';
let out;
export function initialize(data) { out = data.out; }
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (out && r.url.startsWith('file:')) appendFileSync(out, `${r.url}\n`);
  return r;
}
