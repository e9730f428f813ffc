import { say } from '../terminal.js';
import { startCredentialServer, type FetchCredentials } from './ecs-server.js';
import { runWithCredentials } from './exec.js';
import type { RoleCredentials } from './role-credentials.js';
import { shellCode, type Shell } from './shell.js';
import { containerVariables } from './variables.js';

// `assume PROFILE --ecs-server`: a credential server (ecs-server.ts) for the lifetime of one command (`--exec`, as
// aws-vault exec --ecs-server), or until interrupted with its variables printed for other shells (as aws-sso-cli
// ecs server). The printed lines go to stdout, not to the assume function: the server outlives nothing it is in.

export interface ServeOptions {
  readonly profile: string;
  /** "PROFILE (role R in account A, until HH:MM UTC)", for messages. */
  readonly what: string;
  readonly region: string;
  readonly initial: RoleCredentials;
  readonly fetch: FetchCredentials;
  readonly port: number | undefined;
  /** With --exec: the command; the server stops when it ends. */
  readonly command: readonly string[] | undefined;
  readonly shell: Shell;
}

/** Serves the role's credentials; resolves with the exit code (the command's, or 0 when stopped). */
export async function serveCredentials(options: ServeOptions): Promise<number> {
  const server = await startCredentialServer({
    initial: options.initial,
    fetch: options.fetch,
    port: options.port,
    log: (message) => say(`${options.profile}: ${message}`),
  });
  const variables = containerVariables(options.profile, server, options.region);
  if (options.command) {
    try {
      return await runWithCredentials(options.command, variables);
    } finally {
      await server.close();
    }
  }
  process.stdout.write(shellCode(options.shell, variables));
  say(`serving ${options.what} at ${server.url}: eval the lines above in each shell that should use it; Ctrl-C stops`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  say('stopped the credential server');
  return 0;
}
