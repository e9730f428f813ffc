import { homedir } from 'node:os';
import { join } from 'node:path';

/** ~/.aws/config and ~/.aws/credentials, honouring AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE as the CLI does. */
export function awsConfigPaths(env: NodeJS.ProcessEnv = process.env): { readonly config: string; readonly credentials: string } {
  const home = env['HOME'] ?? homedir();
  return {
    config: env['AWS_CONFIG_FILE'] ?? join(home, '.aws', 'config'),
    credentials: env['AWS_SHARED_CREDENTIALS_FILE'] ?? join(home, '.aws', 'credentials'),
  };
}
