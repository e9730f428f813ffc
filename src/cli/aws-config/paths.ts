import { homedir } from 'node:os';
import { join } from 'node:path';

function home(env: NodeJS.ProcessEnv): string {
  return env['HOME'] || homedir();
}

/** ~/.aws/config and ~/.aws/credentials, honouring AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE as the CLI does. */
export function awsConfigPaths(env: NodeJS.ProcessEnv = process.env): { readonly config: string; readonly credentials: string } {
  return {
    config: env['AWS_CONFIG_FILE'] || join(home(env), '.aws', 'config'),
    credentials: env['AWS_SHARED_CREDENTIALS_FILE'] || join(home(env), '.aws', 'credentials'),
  };
}

/** Where the AWS CLI and the SDKs keep SSO tokens and client registrations (always under HOME, as botocore). */
export function ssoCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(home(env), '.aws', 'sso', 'cache');
}

/** Where the AWS CLI keeps role credentials it got from GetRoleCredentials. */
export function cliCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(home(env), '.aws', 'cli', 'cache');
}

/** gatehouse's own client state (login locks): $XDG_CACHE_HOME/gatehouse or ~/.cache/gatehouse. */
export function gatehouseCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env['XDG_CACHE_HOME'] || join(home(env), '.cache'), 'gatehouse');
}

/** gatehouse's own settings (the console's browser): $XDG_CONFIG_HOME/gatehouse or ~/.config/gatehouse. */
export function gatehouseConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env['XDG_CONFIG_HOME'] || join(home(env), '.config'), 'gatehouse');
}
