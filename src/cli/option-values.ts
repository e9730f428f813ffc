import { usageError } from './errors.js';

// Parsers of option values that several commands share (commander calls them with the text given).

/** --port of a local server: a TCP port number, else a usage error naming what was given. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw usageError(`--port takes a port number (1-65535), not '${value}'`);
  return port;
}
