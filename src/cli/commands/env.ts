import { join } from 'node:path';
import type { Command } from 'commander';
import { serverTarget, withServerOptions, type ServerOptions } from '../server-options.js';
import { writeEndpointsFile } from '../aws-config/endpoints-file.js';
import { saveKeyProfile, type StaticKey } from '../aws-config/profile.js';
import { controlRequest } from '../control-client.js';
import { quote } from '../credentials/shell.js';

interface EnvOptions extends ServerOptions {
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
    set: (k, v) => `$Env:${k} = ${quote('powershell', v)}`,
    setDefault: (k, v) => `if (-not $Env:${k}) { $Env:${k} = ${quote('powershell', v)} }`,
  },
};

export function registerEnv(program: Command): void {
  withServerOptions(
    program
      .command('env')
      .description('Print the shell exports that point every AWS client (SDKs, AWS CLI 2.9+, boto3) at a gatehouse server.'),
  )
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
      const { hostPort, endpoint, dataDir } = serverTarget(options);
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
  const root = await controlRequest<StaticKey>(endpoint, dataDir, 'GET', 'root-credentials');
  const paths = await saveKeyProfile(name, root, endpoint, region);
  process.stderr.write(`gatehouse: saved profile '${name}' in ${paths.credentials} and ${paths.config}\n`);
}

function shQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}
