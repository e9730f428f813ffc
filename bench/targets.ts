import { rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanupOnExit, jsonObject, startChild, type Child } from './child.js';
import { waitUntilAnswers } from './http-check.js';
import { signGetCallerIdentity, type Credentials } from './signed-request.js';

export type TargetName = 'ceiling' | 'gatehouse' | 'moto';

/** A server under test, started and ready; each scenario signs and checks its own calls against it. */
export interface StartedServer {
  /** The server's process, for its CPU time. */
  readonly pid: number;
  readonly url: string;
  /** The keys to sign with: the root key gatehouse bootstraps, dummy keys for the others. */
  readonly credentials: Credentials;
  /** gatehouse with identityCenterPlan or portalUser: what the seeding made (JSON text of GatehouseSeed or PortalSeed). */
  readonly seed?: string;
  /** The last few KB of the server's stderr, for error messages. */
  stderrTail(): string;
  stop(): Promise<void>;
}

/** What the ceiling answers when a scenario gives it replies: the bytes gatehouse answered the same request. */
export interface CeilingReply {
  readonly amzTarget: string;
  readonly requestBody: string;
  readonly contentType: string;
  readonly body: string;
}

export interface StartOptions {
  /** Ceiling only: answer these instead of the fixed GetCallerIdentity reply. */
  readonly ceilingReplies?: readonly CeilingReply[];
  /**
   * moto only: start it with MOTO_ACCOUNT_ID set to its default account, the account the dummy keys resolve to
   * anyway. Without it moto finds a request's account by scanning every account's IAM backend for the access key,
   * on every request, and CreateAccount makes one backend per account: with 10,000 accounts that scan, not the
   * Organizations code, is most of each request (bench/README.md has the numbers).
   */
  readonly motoPinnedAccount?: boolean;
  /** gatehouse only: seed this Identity Center in the server's own process before it is ready (identity-center/bulk-seed.ts). */
  readonly identityCenterPlan?: object;
  /** gatehouse only: make a portal user with one role and sign it in, in the server's own process (portal/seed.ts). */
  readonly portalUser?: boolean;
}

/** moto's default account; requests signed with keys it does not know act in it. */
export const motoDefaultAccount = '123456789012';

export interface Target {
  readonly name: TargetName;
  readonly description: string;
  start(options?: StartOptions): Promise<StartedServer>;
}

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));
export const python = process.env['BENCH_PYTHON'] ?? 'python3';

/** Any credentials do for servers that do not check signatures; the request is still signed the same way. */
export const dummyCredentials: Credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

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

function started(child: Child, url: string, credentials: Credentials, cleanup?: () => Promise<void>, seed?: string): StartedServer {
  return {
    pid: child.pid,
    url,
    credentials,
    ...(seed !== undefined ? { seed } : {}),
    stderrTail: () => child.stderrTail(),
    async stop() {
      await child.stop();
      await cleanup?.();
    },
  };
}

const ceiling: Target = {
  name: 'ceiling',
  description: 'bare node:http in a child process answering a fixed GetCallerIdentity XML body to any request',
  async start(options = {}) {
    const args = [here('./serve-ceiling.js')];
    let cleanup: (() => Promise<void>) | undefined;
    if (options.ceilingReplies) {
      const dir = await mkdtemp(join(tmpdir(), 'gatehouse-bench-ceiling-'));
      cleanup = () => rm(dir, { recursive: true, force: true });
      cleanupOnExit(() => rmSync(dir, { recursive: true, force: true }));
      const file = join(dir, 'replies.json');
      writeFileSync(file, JSON.stringify(options.ceilingReplies));
      args.push(file);
    }
    const child = startChild('ceiling', process.execPath, args);
    const { url } = (await child.firstLine(readyLine(['url']), 10_000).catch(async (error: unknown) => {
      await child.stop();
      await cleanup?.();
      throw error;
    })) as { url: string };
    return started(child, url, dummyCredentials, cleanup);
  },
};

const gatehouse: Target = {
  name: 'gatehouse',
  description:
    "the real server (startServer from src/server/server.ts) in a child process, db ':memory:', logLevel silent, " +
    'signed with the root key it bootstraps',
  async start(options = {}) {
    const dataDir = await mkdtemp(join(tmpdir(), 'gatehouse-bench-'));
    const removeDataDir = (): Promise<void> => rm(dataDir, { recursive: true, force: true });
    // Also on an interrupted run, where the parent exits without stopping targets in order.
    cleanupOnExit(() => rmSync(dataDir, { recursive: true, force: true }));
    const plan = options.identityCenterPlan;
    const env: Record<string, string> = plan ? { BENCH_IDENTITY_CENTER_PLAN: JSON.stringify(plan) } : options.portalUser ? { BENCH_PORTAL: '1' } : {};
    const seeds = plan !== undefined || options.portalUser === true;
    const child = startChild('gatehouse', process.execPath, [here('./serve-gatehouse.js'), dataDir], env);
    let ready: Record<string, string>;
    try {
      // Seeding a large directory happens before the ready line: allow it minutes.
      ready = await child.firstLine(readyLine(seeds ? ['url', 'accessKeyId', 'secretAccessKey', 'seed'] : ['url', 'accessKeyId', 'secretAccessKey']), plan ? 15 * 60_000 : 30_000);
    } catch (error) {
      await child.stop();
      await removeDataDir();
      throw error;
    }
    const { url, accessKeyId, secretAccessKey, seed } = ready as { url: string; accessKeyId: string; secretAccessKey: string; seed?: string };
    return started(child, url, { accessKeyId, secretAccessKey }, removeDataDir, seed);
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
  async start(options = {}) {
    const port = await freePort();
    const env: Record<string, string> = options.motoPinnedAccount ? { MOTO_ACCOUNT_ID: motoDefaultAccount } : {};
    const child = startChild('moto', python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], env);
    const url = `http://127.0.0.1:${port}`;
    try {
      // moto prints its banner on stderr and takes seconds to import; poll until it answers a real call.
      await waitUntilAnswers('moto', await signGetCallerIdentity(url, dummyCredentials), 60_000);
    } catch (error) {
      const tail = child.stderrTail().trim();
      await child.stop();
      throw tail ? new Error(`${error instanceof Error ? error.message : String(error)}\n--- moto stderr ---\n${tail}`) : error;
    }
    return started(child, url, dummyCredentials);
  },
};

export const targets: Readonly<Record<TargetName, Target>> = { ceiling, gatehouse, moto };
export const targetNames: readonly TargetName[] = ['ceiling', 'gatehouse', 'moto'];
