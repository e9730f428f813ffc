import { awsConfigPaths } from './paths.js';
import { upsertSection } from './ini-section.js';
import { editFile } from './edit-file.js';

export interface StaticKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/**
 * Saves a static-key profile: [name] in the credentials file and [profile name] in the config file (region, the
 * endpoint for clients that read endpoint_url, regional STS). Only those two sections change.
 */
export async function saveKeyProfile(name: string, key: StaticKey, endpoint: string, region: string): Promise<{ config: string; credentials: string }> {
  const paths = awsConfigPaths();
  // The credentials file now holds a secret: 0600 whatever its mode was.
  await editFile(
    paths.credentials,
    (text) => upsertSection(text, name, { aws_access_key_id: key.accessKeyId, aws_secret_access_key: key.secretAccessKey }),
    0o600,
  );
  await editFile(paths.config, (text) =>
    upsertSection(text, name === 'default' ? 'default' : `profile ${name}`, {
      region,
      endpoint_url: endpoint,
      sts_regional_endpoints: 'regional',
    }),
  );
  return paths;
}
