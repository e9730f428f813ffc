import type { RoleCredentials } from '../credentials/role-credentials.js';
import { usageError } from '../errors.js';
import { upsertSection } from './ini-section.js';
import { editFile } from './edit-file.js';
import { awsConfigPaths } from './paths.js';

// `assume --write-credentials`: a role's temporary credentials as one section of ~/.aws/credentials, for tools that
// read only that file. Only that section changes (its comment lines stay); every other byte is kept, and the file
// is rewritten atomically as 0600 whatever its mode was, since it now holds a secret.

export async function writeCredentialsSection(section: string, credentials: RoleCredentials, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (!/^[^\[\]\r\n#;]+$/.test(section) || section.trim() !== section) throw usageError(`${JSON.stringify(section)} cannot be a section name of the credentials file`);
  const path = awsConfigPaths(env).credentials;
  const secret = { aws_access_key_id: credentials.accessKeyId, aws_secret_access_key: credentials.secretAccessKey, aws_session_token: credentials.sessionToken };
  await editFile(path, (text) => upsertSection(text, section, secret), 0o600);
  return path;
}
