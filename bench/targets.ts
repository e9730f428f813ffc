import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanupOnExit, jsonObject, startChild, type Child } from './child.js';
import { assertAnswers, waitUntilAnswers } from './http-check.js';
import { signGetCallerIdentity, type Credentials, type SignedRequest } from './signed-request.js';

export type TargetName = 'ceiling' | 'gatehouse' | 'moto';

/** A server under test, started, checked, and holding the one signed request to replay at it. */
export interface RunningTarget {
  /** The server's process, for its CPU time. */
  readonly pid: number;
  readonly request: SignedRequest;
  /** Whether the server keeps a connection open between requests; if not, every request pays a TCP connect. */
  readonly keepAlive: boolean;
  stop(): Promise<void>;
}

export interface Target {
  readonly name: TargetName;
  readonly description: string;
  start(): Promise<RunningTarget>;
}

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));
export const python = process.env['BENCH_PYTHON'] ?? 'python3';

/** Any credentials do for servers that do not check signatures; the request is still signed the same way. */
const dummyCredentials: Credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

function readyLine(keys: readonly string[]) {
  return (line: string): Record<string, string> | undefined => {
    const value = jsonObject(line);
    if (!value || 'level' in value || 'msg' in value) return undefined;
    const out: Record<string, string> = {};
    for (const key of keys) {
      const field = value[key];
      if (typeof field !== 'string') return undefined;
      out[key] = field;
    }
    return out;
  };
}

/** Signs against a started child and checks that it answers, stopping the child if it does not. */
async function prepare(
  label: string,
  child: Child,
  url: string,
  credentials: Credentials,
  cleanup?: () => Promise<void>,
): Promise<RunningTarget> {
  const stop = async (): Promise<void> => {
    await child.stop();
    await cleanup?.();
  };
  try {
    const request = await signGetCallerIdentity(url, credentials);
    const reply = await assertAnswers(label, request);
    return { pid: child.pid, request, keepAlive: reply.keepAlive, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

const ceiling: Target = {
  name: 'ceiling',
  description: 'bare node:http in a child process answering a fixed GetCallerIdentity XML body to any request',
  async start() {
    const child = startChild('ceiling', process.execPath, [here('./serve-ceiling.js')]);
    const { url } = (await child.firstLine(readyLine(['url']), 10_000).catch(async (error: unknown) => {
      await child.stop();
      throw error;
    })) as { url: string };
    return prepare('ceiling', child, url, dummyCredentials);
  },
};

const gatehouse: Target = {
  name: 'gatehouse',
  description:
    "the real server (startServer from src/server/server.ts) in a child process, db ':memory:', logLevel silent, " +
    'signed with the root key it bootstraps',
  async start() {
    const dataDir = await mkdtemp(join(tmpdir(), 'gatehouse-bench-'));
    const removeDataDir = (): Promise<void> => rm(dataDir, { recursive: true, force: true });
    // Also on an interrupted run, where the parent exits without stopping targets in order.
    cleanupOnExit(() => rmSync(dataDir, { recursive: true, force: true }));
    const child = startChild('gatehouse', process.execPath, [here('./serve-gatehouse.js'), dataDir]);
    let ready: Record<string, string>;
    try {
      ready = await child.firstLine(readyLine(['url', 'accessKeyId', 'secretAccessKey']), 30_000);
    } catch (error) {
      await child.stop();
      await removeDataDir();
      throw error;
    }
    const { url, accessKeyId, secretAccessKey } = ready as { url: string; accessKeyId: string; secretAccessKey: string };
    return prepare('gatehouse', child, url, { accessKeyId, secretAccessKey }, removeDataDir);
  },
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = address !== null && typeof address === 'object' ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

const moto: Target = {
  name: 'moto',
  description: 'python3 -m moto.server (Werkzeug, threaded) in a child process; signed with dummy keys, which moto accepts',
  async start() {
    const port = await freePort();
    const child = startChild('moto', python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)]);
    const url = `http://127.0.0.1:${port}`;
    try {
      // moto prints its banner on stderr and takes seconds to import; poll until it answers the real call.
      await waitUntilAnswers('moto', await signGetCallerIdentity(url, dummyCredentials), 60_000);
    } catch (error) {
      const tail = child.stderrTail().trim();
      await child.stop();
      throw tail ? new Error(`${error instanceof Error ? error.message : String(error)}\n--- moto stderr ---\n${tail}`) : error;
    }
    // Sign afresh after the wait so the 15-minute validity window starts at the measurement.
    return prepare('moto', child, url, dummyCredentials);
  },
};

export const targets: Readonly<Record<TargetName, Target>> = { ceiling, gatehouse, moto };
export const targetNames: readonly TargetName[] = ['ceiling', 'gatehouse', 'moto'];
