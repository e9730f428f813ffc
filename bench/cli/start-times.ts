import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { roleCachePath } from '../../src/cli/credentials/role-credentials.js';
import { beginMarker, endMarker } from '../../src/cli/aws-config/managed-block.js';

// Wall time of whole processes, from spawn to exit, as a person or a credential_process caller waits for them: the
// CLI's start-up (`--version`), and a cached assume / credential-process, which read ~/.aws/config and the AWS CLI's
// role-credential cache and call nothing. Beside them: an empty node process (the floor for any Node CLI) and
// Debian's AWS CLI doing the same (`--version`; `configure export-credentials`, which reads the same cache file).

export const gatehouseBin = fileURLToPath(new URL('../../../bin/gatehouse.js', import.meta.url));

export interface TimedCommand {
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  /** What it stands for, in the results file. */
  readonly what: string;
}

export interface Timing {
  readonly label: string;
  readonly what: string;
  readonly runs: number;
  readonly minMs: number;
  readonly medianMs: number;
  readonly p90Ms: number;
}

/** A HOME with `profiles` sso_session profiles in a populate block and cached credentials for the first one. */
export async function cachedHome(profiles: number): Promise<{ readonly home: string; readonly profile: string; remove(): Promise<void> }> {
  const home = await mkdtemp(join(tmpdir(), 'gatehouse-bench-cli-'));
  const session = { name: 'bench', startUrl: 'https://d-0000000000.awsapps.com/start', region: 'us-east-1', scopes: ['sso:account:access'] };
  const lines = ['# a user\'s own settings', '[default]', 'region = eu-west-1', '', '[sso-session bench]', `sso_start_url = ${session.startUrl}`, 'sso_region = us-east-1', '', beginMarker('bench')];
  const roles = ['AdministratorAccess', 'ReadOnlyAccess', 'Billing'];
  for (let i = 0; i < profiles; i++) {
    const account = String(100000000000 + Math.floor(i / roles.length));
    const role = roles[i % roles.length]!;
    lines.push(`[profile Account-${account}/${role}]`, 'sso_session = bench', `sso_account_id = ${account}`, `sso_role_name = ${role}`, 'region = us-east-1', '');
  }
  lines.push(endMarker('bench'), '');
  await mkdir(join(home, '.aws'), { recursive: true });
  await writeFile(join(home, '.aws', 'config'), lines.join('\n'));
  const cache = roleCachePath({ accountId: '100000000000', roleName: 'AdministratorAccess', session }, { HOME: home });
  await mkdir(dirname(cache), { recursive: true });
  await writeFile(
    cache,
    JSON.stringify({
      ProviderType: 'sso',
      Credentials: { AccessKeyId: 'ASIABENCH', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: '2099-01-01T00:00:00Z' },
    }),
  );
  return { home, profile: 'Account-100000000000/AdministratorAccess', remove: () => rm(home, { recursive: true, force: true }) };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** Runs each command `runs` times (after `warmup` unrecorded runs), one at a time, and fails on any non-zero exit. */
export function timeCommands(commands: readonly TimedCommand[], env: NodeJS.ProcessEnv, runs: number, warmup: number): Timing[] {
  return commands.map((c) => {
    const samples: number[] = [];
    for (let i = 0; i < warmup + runs; i++) {
      const start = performance.now();
      const result = spawnSync(c.command, c.args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      const ms = performance.now() - start;
      if (result.status !== 0) throw new Error(`${c.label} exited ${result.status}: ${result.stderr.toString().slice(0, 500)}`);
      if (i >= warmup) samples.push(ms);
    }
    samples.sort((a, b) => a - b);
    const round = (ms: number) => Math.round(ms * 10) / 10;
    return { label: c.label, what: c.what, runs, minMs: round(samples[0]!), medianMs: round(percentile(samples, 0.5)), p90Ms: round(percentile(samples, 0.9)) };
  });
}
