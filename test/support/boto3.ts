import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './processes.js';

/**
 * Runs a boto3 script (the machine's python3) against a server, with its own empty HOME, AWS_ENDPOINT_URL and the
 * given credentials, and returns the JSON it prints. The script runs asynchronously: the server may be in this
 * process. A missing python3 or boto3 fails the test; it is part of the machine this project runs on.
 */
export async function runBoto3(
  script: string,
  url: string,
  credentials: { readonly accessKeyId: string; readonly secretAccessKey: string },
  env: Readonly<Record<string, string>> = {},
): Promise<Record<string, unknown>> {
  const home = await mkdtemp(join(tmpdir(), 'gatehouse-boto3-'));
  try {
    const result = await run('python3', ['-c', script], {
      env: {
        PATH: process.env['PATH'],
        HOME: home,
        AWS_ENDPOINT_URL: url,
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        ...env,
      },
    });
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
