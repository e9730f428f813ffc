import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LogLevel } from '../lib/log.js';

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  /** Holds the SQLite file, the secret-encryption key, the control token and the AWS data path. */
  readonly dataDir: string;
  /** sqlite:<path>, :memory:, or postgres://... */
  readonly db: string;
  /** Opt-in: any SigV4 credentials map to the management account's root without signature checks. */
  readonly acceptAnyCredentials: boolean;
  readonly logLevel: LogLevel;
  readonly region: string;
  /** How long Organizations' CreateAccount (and CloseAccount) take to complete, in ms; 0 completes them at once.
   * The account is IN_PROGRESS until its job has run either way, so clients that poll are exercised. */
  readonly accountCreationDelayMs: number;
  /** enforce (default): the policy engine decides every signed call; audit: denials are logged and kept but the call
   * goes ahead; off: every authenticated principal passes (a baseline, not a deployment). */
  readonly authorization: AuthorizationSetting;
  /** Add the deciding layer, policy and statement to each denial (header x-gatehouse-denial). */
  readonly explainDenials: boolean;
}

export type AuthorizationSetting = 'enforce' | 'audit' | 'off';
const AUTHORIZATION_SETTINGS: readonly AuthorizationSetting[] = ['enforce', 'audit', 'off'];

export function authorizationSetting(value: string): AuthorizationSetting {
  const found = AUTHORIZATION_SETTINGS.find((s) => s === value);
  if (!found) throw new Error(`authorization must be one of ${AUTHORIZATION_SETTINGS.join(', ')}, not "${value}"`);
  return found;
}

export const defaultPort = 4747;

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['GATEHOUSE_DATA_DIR']) return resolve(env['GATEHOUSE_DATA_DIR']);
  return join(env['XDG_DATA_HOME'] ?? join(homedir(), '.local', 'share'), 'gatehouse');
}

export function resolveConfig(options: Partial<ServerConfig>, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const dataDir = resolve(options.dataDir ?? defaultDataDir(env));
  return {
    port: options.port ?? (env['GATEHOUSE_PORT'] ? Number(env['GATEHOUSE_PORT']) : defaultPort),
    host: options.host ?? env['GATEHOUSE_HOST'] ?? '127.0.0.1',
    dataDir,
    db: options.db ?? env['GATEHOUSE_DB'] ?? `sqlite:${join(dataDir, 'gatehouse.db')}`,
    acceptAnyCredentials: options.acceptAnyCredentials ?? false,
    logLevel: options.logLevel ?? ((env['GATEHOUSE_LOG_LEVEL'] as LogLevel | undefined) ?? 'info'),
    region: options.region ?? env['AWS_REGION'] ?? 'us-east-1',
    accountCreationDelayMs: options.accountCreationDelayMs ?? delayFromEnv(env['GATEHOUSE_ACCOUNT_CREATION_DELAY']),
    authorization: options.authorization ?? authorizationSetting(env['GATEHOUSE_AUTHORIZATION'] || 'enforce'),
    explainDenials: options.explainDenials ?? env['GATEHOUSE_EXPLAIN_DENIALS'] === '1',
  };
}

function delayFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  const ms = Number(value);
  if (!Number.isSafeInteger(ms) || ms < 0) throw new Error('GATEHOUSE_ACCOUNT_CREATION_DELAY must be a whole number of milliseconds >= 0');
  return ms;
}
