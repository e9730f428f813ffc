import { say } from '../terminal.js';
import { EcsServer } from './ecs-server.js';
import { runWithCredentials } from './exec.js';
import { startImdsServer } from './imds-server.js';
import type { FetchCredentials } from './refreshing-credentials.js';
import type { RoleCredentials } from './role-credentials.js';
import { shellCode, type Shell } from './shell.js';
import { containerVariables, imdsVariables, type Variables } from './variables.js';

// `assume PROFILE --ecs-server | --imds-server`: a credential server of one profile (ecs-server.ts at /, or
// imds-server.ts) for the lifetime of one command (`--exec`, as aws-vault exec --ecs-server / --ec2-server), or until
// interrupted with its variables printed for other shells (as aws-sso-cli ecs server). The printed lines go to
// stdout, not to the assume function: the server outlives nothing it is in.

export type ServerKind = 'ecs' | 'imds';

export interface ServeOptions {
  readonly kind: ServerKind;
  readonly profile: string;
  /** "PROFILE (role R in account A, until HH:MM UTC)", for messages. */
  readonly what: string;
  readonly roleName: string;
  readonly region: string;
  readonly initial: RoleCredentials;
  readonly fetch: FetchCredentials;
  readonly port: number | undefined;
  /** With --exec: the command; the server stops when it ends. */
  readonly command: readonly string[] | undefined;
  readonly shell: Shell;
}

interface Running {
  readonly url: string;
  readonly variables: Variables;
  close(): Promise<void>;
}

async function start(options: ServeOptions): Promise<Running> {
  const log = (message: string) => say(`${options.profile}: ${message}`);
  if (options.kind === 'imds') {
    const server = await startImdsServer({ initial: options.initial, fetch: options.fetch, roleName: options.roleName, port: options.port, log });
    return { url: server.url, variables: imdsVariables(options.profile, server, options.region), close: () => server.close() };
  }
  const server = await EcsServer.start({ port: options.port, log: (_, message) => log(message) });
  const served = server.add({ ...options }, '/');
  return { url: served.url, variables: containerVariables(options.profile, served, options.region), close: () => server.close() };
}

/** Serves the role's credentials; resolves with the exit code (the command's, or 0 when stopped). */
export async function serveCredentials(options: ServeOptions): Promise<number> {
  const server = await start(options);
  if (options.command) {
    try {
      return await runWithCredentials(options.command, server.variables);
    } finally {
      await server.close();
    }
  }
  process.stdout.write(shellCode(options.shell, server.variables));
  const as = options.kind === 'imds' ? ' as an IMDSv2 (EC2 metadata) endpoint' : '';
  say(`serving ${options.what}${as} at ${server.url}: eval the lines above in each shell that should use it; Ctrl-C stops`);
  await untilStopped();
  await server.close();
  say('stopped the credential server');
  return 0;
}

/** Resolves at the first Ctrl-C (SIGINT), SIGTERM or SIGHUP (its terminal closed): time to stop cleanly. */
export function untilStopped(): Promise<void> {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  return new Promise<void>((resolve) => {
    const stop = () => {
      for (const signal of signals) process.removeListener(signal, stop);
      resolve();
    };
    for (const signal of signals) process.on(signal, stop);
  });
}
