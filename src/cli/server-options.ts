import type { Command } from 'commander';
import { defaultDataDir, defaultPort } from '../server/config.js';

export interface ServerOptions {
  readonly port: string;
  readonly host: string;
  readonly dataDir?: string;
}

/** The options every command that talks to a local gatehouse server takes. */
export function withServerOptions(command: Command): Command {
  return command
    .option('-p, --port <port>', 'the server port', String(defaultPort))
    .option('--host <host>', 'the server host', '127.0.0.1')
    .option('--data-dir <dir>', 'the server data directory (holds the control token; default $GATEHOUSE_DATA_DIR or ~/.local/share/gatehouse)');
}

export function serverTarget(options: ServerOptions): { readonly hostPort: string; readonly endpoint: string; readonly dataDir: string } {
  const hostPort = `${options.host}:${options.port}`;
  return { hostPort, endpoint: `http://${hostPort}`, dataDir: options.dataDir ?? defaultDataDir() };
}
