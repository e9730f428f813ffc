import { usageError } from './errors.js';

// Parsers of option values that several commands share (commander calls them with the text given).

/** --port of a local server: a TCP port number, else a usage error naming what was given. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw usageError(`--port takes a port number (1-65535), not '${value}'`);
  return port;
}

/**
 * A duration in whole hours, minutes and seconds (12h, 30m, 1h30m, 900s: the forms of Go's durations that
 * aws-vault's TTLs are usually given in; no fractions, no ms) in seconds, else a usage error saying where it came
 * from (`what`).
 */
export function parseDurationSeconds(value: string, what: string): number {
  const units: Readonly<Record<string, number>> = { h: 3600, m: 60, s: 1 };
  const parts = /^(?:\d+[hms])+$/.test(value) ? [...value.matchAll(/(\d+)([hms])/g)] : [];
  if (parts.length === 0) throw usageError(`${what} takes a duration such as 12h, 30m or 1h30m, not '${value}'`);
  return parts.reduce((seconds, [, amount, unit]) => seconds + Number(amount) * units[unit!]!, 0);
}
