// How the user started igcheck, so every printed hint can be typed back as it is: `npx igcheck …`
// when run through npx (or `npm exec`), else `igcheck`.

/** The command to print in hints: `npx igcheck` under npx / npm exec, else `igcheck`. */
export function invokedAs(env: NodeJS.ProcessEnv = process.env): string {
  // npm sets npm_command=exec for npx and `npm exec`, and npm_lifecycle_script to the command it ran.
  // Checking the script too keeps a child of `npx vitest` or `npx tsx` from claiming npx.
  if (env.npm_command !== 'exec') return 'igcheck';
  const first = (env.npm_lifecycle_script ?? '').trim().replace(/^['"]/, '').split(/[\s'"]/)[0] ?? '';
  return /(^|[/\\])igcheck(@[^/\\]*)?$/.test(first) ? 'npx igcheck' : 'igcheck';
}

/**
 * A hint rewritten for the way igcheck was started: "run `igcheck assess`" becomes "run `npx igcheck
 * assess`" under npx. Only a command line is rewritten (igcheck followed by a command, an option or
 * the end of a usage line), never prose that names igcheck.
 */
export function asInvoked(text: string, env: NodeJS.ProcessEnv = process.env): string {
  const cmd = invokedAs(env);
  return cmd === 'igcheck' ? text
    : text.replace(/(^|[\s`'"(:])igcheck(?= (?:assess|audit|rules|register|review|sign|verify|keygen|dpia|help|\[|-)\b|\s*$)/gm, `$1${cmd}`);
}
