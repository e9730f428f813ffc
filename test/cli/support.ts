import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gatehouseBin, run, type Run } from '../support/processes.js';

// A throwaway HOME for the developer commands: real files, nothing of the machine's own ~/.aws.

export class TempHome {
  private constructor(readonly dir: string) {}

  static async create(): Promise<TempHome> {
    return new TempHome(await mkdtemp(join(tmpdir(), 'gatehouse-cli-home-')));
  }

  /** PATH and HOME only (plus `extra`): no AWS_* of the machine leaks in. */
  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return { PATH: process.env['PATH'], HOME: this.dir, ...extra };
  }

  path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }

  get configPath(): string {
    return this.path('.aws', 'config');
  }

  async write(relative: string, text: string): Promise<void> {
    await mkdir(dirname(this.path(relative)), { recursive: true });
    await writeFile(this.path(relative), text);
  }

  read(relative: string): Promise<string> {
    return readFile(this.path(relative), 'utf8');
  }

  /** Runs `gatehouse <args>` with this HOME. */
  gatehouse(args: readonly string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<Run> {
    return run(process.execPath, [gatehouseBin, ...args], { env: options.env ?? this.env(), ...(options.input !== undefined ? { input: options.input } : {}) });
  }

  remove(): Promise<void> {
    return rm(this.dir, { recursive: true, force: true });
  }
}

/** Runs Python with the Debian AWS CLI's botocore importable (the reference for every cache file name). */
export async function botocore(script: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const result = await run('/usr/bin/python3', ['-c', `import sys; sys.path.insert(0, '/usr/lib/python3/dist-packages')\n${script}`], {
    env: { PATH: process.env['PATH'], ...env },
  });
  if (result.code !== 0) throw new Error(`python3 failed: ${result.stderr}`);
  return result.stdout.trim();
}

export const sessionConfig = `[sso-session acme]
sso_start_url = https://acme.awsapps.com/start
sso_region = eu-west-1
sso_registration_scopes = sso:account:access
`;

/** An sso_session profile for the `acme` session above. */
export function profileConfig(name: string, accountId: string, roleName: string, region?: string): string {
  return `[profile ${name}]\nsso_session = acme\nsso_account_id = ${accountId}\nsso_role_name = ${roleName}\n${region ? `region = ${region}\n` : ''}`;
}

export interface SeededCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: string;
}

/** Puts role credentials in the AWS CLI's cache, as a GetRoleCredentials of the AWS CLI or gatehouse would have. */
export async function seedRoleCredentials(home: TempHome, accountId: string, roleName: string, credentials: SeededCredentials): Promise<void> {
  const { roleCachePath } = await import('../../src/cli/credentials/role-credentials.js');
  const path = roleCachePath({ accountId, roleName, session: { name: 'acme', startUrl: 'https://acme.awsapps.com/start', region: 'eu-west-1', scopes: undefined } }, home.env());
  await home.write(path.slice(home.dir.length + 1), JSON.stringify({
    ProviderType: 'sso',
    Credentials: {
      AccessKeyId: credentials.accessKeyId,
      SecretAccessKey: credentials.secretAccessKey,
      SessionToken: credentials.sessionToken,
      Expiration: credentials.expiration,
    },
  }));
}

/** A HOME with the profile Dev/Admin (sso-session acme, eu-central-1) whose role credentials are already cached. */
export async function homeWithCachedRole(credentials: SeededCredentials): Promise<TempHome> {
  const home = await TempHome.create();
  await home.write('.aws/config', sessionConfig + profileConfig('Dev/Admin', '111111111111', 'AdministratorAccess', 'eu-central-1'));
  await seedRoleCredentials(home, '111111111111', 'AdministratorAccess', credentials);
  return home;
}
