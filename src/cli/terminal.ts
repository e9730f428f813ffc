// Where a developer command talks to a person: stderr, so stdout stays for what scripts and shells consume.

/** True when a person is at the terminal: stdin and stderr are TTYs and this is not a CI job. */
export function isInteractive(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY) && !isCi(env);
}

export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env['CI'];
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/** Colour on stderr only for a TTY, and never with NO_COLOR (https://no-color.org) or TERM=dumb. */
export function colorEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(process.stderr.isTTY) && (env['NO_COLOR'] ?? '') === '' && env['TERM'] !== 'dumb';
}

const styles = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] } as const;

export function style(name: keyof typeof styles, text: string): string {
  if (!colorEnabled()) return text;
  const [open, close] = styles[name];
  return `\u001b[${open}m${text}\u001b[${close}m`;
}

/** One message line for the person, prefixed with the program name. */
export function say(message: string): void {
  process.stderr.write(`gatehouse: ${message}\n`);
}
