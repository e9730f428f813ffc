import { readdir, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { readJsonFile, writePrivateJson } from '../aws-config/json-files.js';
import { gatehouseCacheDir } from '../aws-config/paths.js';
import { CliError, exitCodes, usageError, type ExitCode } from '../errors.js';
import { processAlive } from '../process-alive.js';

// How `gatehouse credential-server load | unload | list | print` find a running credential server and talk to it: the
// server writes ~/.cache/gatehouse/credential-servers/<port>.json (0600 in a 0700 folder) with its pid and a random
// control token, and removes it when it stops. Control requests go to its /_gatehouse/ paths with that token; a
// profile's own token only reads that profile's credentials, so a client given one profile can load nothing else.

export interface ServerRecord {
  readonly pid: number;
  readonly port: number;
  readonly controlToken: string;
  readonly startedAt: string;
}

/** A served profile, as the control API lists it (no token). */
export interface ServedEntry {
  readonly profile: string;
  readonly roleName: string;
  readonly accountId: string;
  readonly region: string;
  readonly url: string;
  readonly expiration: string;
  readonly lastUpdated: string;
}

/** One profile's entry with its token: what a client shell needs. */
export interface ServedDetail extends ServedEntry {
  readonly token: string;
}

export const controlPrefix = '/_gatehouse/';

function registryDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(gatehouseCacheDir(env), 'credential-servers');
}

function recordPath(port: number, env?: NodeJS.ProcessEnv): string {
  return join(registryDir(env), `${port}.json`);
}

export async function registerServer(record: ServerRecord): Promise<void> {
  await writePrivateJson(recordPath(record.port), record);
}

export async function unregisterServer(port: number): Promise<void> {
  await rm(recordPath(port), { force: true });
}

function isRecord(value: Partial<ServerRecord> | undefined): value is ServerRecord {
  return typeof value?.pid === 'number' && typeof value.port === 'number' && typeof value.controlToken === 'string';
}

/** The running servers this user started (records of dead processes are removed on the way). */
async function runningServers(): Promise<ServerRecord[]> {
  let names: string[];
  try {
    names = await readdir(registryDir());
  } catch {
    return [];
  }
  const records: ServerRecord[] = [];
  for (const name of names.filter((n) => /^\d+\.json$/.test(n))) {
    const record = await readJsonFile<Partial<ServerRecord>>(join(registryDir(), name));
    if (isRecord(record) && processAlive(record.pid)) records.push(record);
    else await rm(join(registryDir(), name), { force: true });
  }
  return records.sort((a, b) => a.port - b.port);
}

/** The server to talk to: the one on `port`, else the only one running. */
export async function findServer(port: number | undefined): Promise<ServerRecord> {
  const running = await runningServers();
  if (port !== undefined) {
    const record = running.find((r) => r.port === port);
    if (!record) throw new CliError(`no credential server of yours is running on port ${port}${running.length > 0 ? ` (running: ${running.map((r) => r.port).join(', ')})` : ''}`);
    return record;
  }
  if (running.length === 0) throw new CliError('no credential server is running: start one with gatehouse credential-server [PROFILE...]');
  if (running.length > 1) throw usageError(`credential servers are running on ports ${running.map((r) => r.port).join(', ')}: choose one with --port`);
  return running[0]!;
}

interface ControlError {
  readonly Code?: string;
  readonly Message?: string;
  readonly ExitCode?: number;
}

/** A control request; a failure answer becomes a CliError with the server's message and exit code. */
export async function control<T>(record: ServerRecord, method: string, path: string): Promise<T | undefined> {
  const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: record.port, method, path: `${controlPrefix}${path}`, headers: { authorization: record.controlToken } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') {
        void unregisterServer(record.port);
        reject(new CliError(`the credential server on port ${record.port} is gone: start one with gatehouse credential-server [PROFILE...]`));
      } else reject(error);
    });
    req.end();
  });
  if (status === 404) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new CliError(`the credential server on port ${record.port} answered ${status}: ${body.trim()}`);
  }
  if (status >= 200 && status < 300) return parsed as T;
  const error = parsed as ControlError;
  const exitCode = (Object.values(exitCodes) as number[]).includes(error.ExitCode ?? -1) ? (error.ExitCode as ExitCode) : exitCodes.failure;
  throw new CliError(error.Message ?? `the credential server on port ${record.port} answered ${status}`, exitCode);
}

/** `profile` as one path segment of the control API. */
export function controlProfilePath(profile: string): string {
  return `profiles/${encodeURIComponent(profile)}`;
}
