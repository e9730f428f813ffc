import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { replaceFile } from '../replace-file.js';

/**
 * An endpoints.json for AWS_DATA_PATH that sends every service of the `aws` partition, in every region, to one
 * local endpoint over http. AWS CLI 2.9 and boto3 1.26 (which predate AWS_ENDPOINT_URL) honour it: a non-bundled
 * endpoints file feeds its legacy resolution into the rule sets as SDK::Endpoint (see docs/architecture.md).
 */
export function endpointsDocument(hostPort: string): unknown {
  return {
    version: 3,
    partitions: [
      {
        partition: 'aws',
        partitionName: 'AWS Standard (gatehouse)',
        dnsSuffix: 'amazonaws.com',
        regionRegex: '^[a-z0-9-]+$',
        regions: { 'us-east-1': { description: 'US East (N. Virginia)' } },
        defaults: { hostname: hostPort, protocols: ['http'], signatureVersions: ['v4'] },
        services: {},
      },
    ],
  };
}

/**
 * Writes <dir>/endpoints.json for the given host:port (replace-file.ts) and returns the directory to put on
 * AWS_DATA_PATH. It holds no secret: 0644, in a folder made with the umask's mode, for AWS clients of other users.
 */
export async function writeEndpointsFile(dir: string, hostPort: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  await replaceFile(join(dir, 'endpoints.json'), JSON.stringify(endpointsDocument(hostPort), null, 1) + '\n', 0o644);
  return dir;
}
