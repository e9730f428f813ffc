import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { defaultDataDir, defaultPort } from '../../server/config.js';
import { awsConfigPaths } from '../aws-config/paths.js';
import { writeEndpointsFile } from '../aws-config/endpoints-file.js';
import { upsertSection } from '../aws-config/ini-section.js';

interface EnvOptions {
  readonly port: string;
  readonly host: string;
  readonly dataDir?: string;
  readonly shell: string;
  readonly profile?: string;
  readonly region: string;
}

/** How each shell exports a variable, and sets one only when unset. */
const shells: Readonly<Record<string, { readonly set: (k: string, v: string) => string; readonly setDefault: (k: string, v: string) => string }>> = {
  sh: {
    set: (k, v) => `export ${k}=${shQuote(v)}`,
    setDefault: (k, v) => `export ${k}="\${${k}:-${v}}"`,
  },
  fish: {
    set: (k, v) => `set -gx ${k} ${shQuote(v)}`,
    setDefault: (k, v) => `set -q ${k}; or set -gx ${k} ${shQuote(v)}`,
  },
  powershell: {
    set: (k, v) => `$Env:${k} = '${v.replaceAll("'", "''")}'`,
    setDefault: (k, v) => `if (-not $Env:${k}) { $Env:${k} = '${v.replaceAll("'", "''")}' }`,
  },
};

export function registerEnv(program: Command): void {
  program
    .command('env')
    .description('Print the shell exports that point every AWS client (SDKs, AWS CLI 2.9+, boto3) at a gatehouse server.')
    .option('-p, --port <port>', 'the server port', String(defaultPort))
    .option('--host <host>', 'the server host', '127.0.0.1')
    .option('--data-dir <dir>', 'the server data directory (holds aws-data/endpoints.json and the control token)')
    .option('--shell <shell>', 'sh (bash, zsh), fish or powershell', 'sh')
    .option('--profile <name>', "also save the management account's root credentials as this AWS CLI profile")
    .option('--region <region>', 'region to default to when none is set', 'us-east-1')
    .addHelpText(
      'after',
      `
Examples:
  eval "$(gatehouse env)"
  gatehouse env --shell fish | source
  gatehouse env --profile gatehouse && aws --profile gatehouse sts get-caller-identity

Writes <data-dir>/aws-data/endpoints.json for AWS_DATA_PATH: AWS CLI 2.9 and boto3 1.26 predate AWS_ENDPOINT_URL.
--profile changes only [gatehouse] in ~/.aws/credentials and [profile gatehouse] in ~/.aws/config.`,
    )
    .action(async (options: EnvOptions) => {
      const shell = shells[options.shell];
      if (!shell) throw new Error(`unknown shell '${options.shell}': use sh, fish or powershell`);
      const dataDir = options.dataDir ?? defaultDataDir();
      const hostPort = `${options.host}:${options.port}`;
      const endpoint = `http://${hostPort}`;
      const awsDataPath = await writeEndpointsFile(join(dataDir, 'aws-data'), hostPort);
      if (options.profile) await writeProfile(options.profile, endpoint, dataDir, options.region);
      const lines = [
        shell.set('AWS_ENDPOINT_URL', endpoint),
        shell.set('AWS_DATA_PATH', awsDataPath),
        shell.set('AWS_STS_REGIONAL_ENDPOINTS', 'regional'),
        shell.setDefault('AWS_DEFAULT_REGION', options.region),
      ];
      process.stdout.write(lines.join('\n') + '\n');
    });
}

async function writeProfile(name: string, endpoint: string, dataDir: string, region: string): Promise<void> {
  let token: string;
  try {
    token = (await readFile(join(dataDir, 'control-token'), 'utf8')).trim();
  } catch {
    throw new Error(`no control token in ${dataDir}: start the server with this data directory first (gatehouse serve --data-dir ${dataDir})`);
  }
  let response: Response;
  try {
    response = await fetch(`${endpoint}/_gatehouse/root-credentials`, { headers: { authorization: `Bearer ${token}` } });
  } catch {
    throw new Error(`cannot reach gatehouse at ${endpoint}: is 'gatehouse serve' running on that port?`);
  }
  if (!response.ok) throw new Error(`gatehouse at ${endpoint} refused the control token (HTTP ${response.status}): is it using --data-dir ${dataDir}?`);
  const root = (await response.json()) as { accessKeyId: string; secretAccessKey: string };

  const paths = awsConfigPaths();
  await editFile(paths.credentials, (text) =>
    upsertSection(text, name, { aws_access_key_id: root.accessKeyId, aws_secret_access_key: root.secretAccessKey }),
  );
  await editFile(paths.config, (text) =>
    upsertSection(text, name === 'default' ? 'default' : `profile ${name}`, {
      region,
      endpoint_url: endpoint,
      sts_regional_endpoints: 'regional',
    }),
  );
  process.stderr.write(`gatehouse: saved profile '${name}' in ${paths.credentials} and ${paths.config}\n`);
}

async function editFile(path: string, edit: (text: string) => string): Promise<void> {
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, edit(text), { mode: 0o600 });
}

function shQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}
