import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gatehouseBin, parseExports, run } from './processes.js';
import type { TestServer } from './servers.js';

/**
 * Debian's AWS CLI 2.9 (/usr/bin/aws) pointed at a test server the way the README says: a fresh HOME, the exports of
 * `gatehouse env` and the management root saved as profile `mgmt` by `gatehouse env --profile`.
 */
export class AwsCli {
  private constructor(
    readonly env: NodeJS.ProcessEnv,
    private readonly home: string,
  ) {}

  static async forServer(t: TestServer): Promise<AwsCli> {
    const home = await mkdtemp(join(tmpdir(), 'gatehouse-cli-'));
    const base = { PATH: process.env['PATH'], HOME: home };
    const port = new URL(t.url).port;
    const out = await run(process.execPath, [gatehouseBin, 'env', '--port', port, '--data-dir', t.dataDir, '--profile', 'mgmt'], { env: base });
    assert.equal(out.code, 0, out.stderr);
    return new AwsCli({ ...base, ...parseExports(out.stdout) }, home);
  }

  /** Runs `aws --profile P --output json <service> ...`, asserts success and returns the parsed output. */
  async json(profile: string, service: string, ...args: string[]): Promise<Record<string, unknown>> {
    const result = await run('/usr/bin/aws', ['--profile', profile, '--output', 'json', service, ...args], { env: this.env });
    assert.equal(result.code, 0, `aws ${service} ${args.join(' ')}: ${result.stderr}`);
    return result.stdout.trim() === '' ? {} : (JSON.parse(result.stdout) as Record<string, unknown>);
  }

  /** Runs a command expected to fail and returns its stderr. */
  async fails(profile: string, service: string, ...args: string[]): Promise<string> {
    const result = await run('/usr/bin/aws', ['--profile', profile, service, ...args], { env: this.env });
    assert.notEqual(result.code, 0, `expected aws ${service} ${args.join(' ')} to fail`);
    return result.stderr;
  }

  close(): Promise<void> {
    return rm(this.home, { recursive: true, force: true });
  }
}
