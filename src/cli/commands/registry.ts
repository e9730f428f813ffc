import { InvalidArgumentError, Option, type Command } from 'commander';
import { resolve } from 'node:path';
import { readTextIfExists } from '../aws-config/json-files.js';
import { findBlock, registryBlocks } from '../aws-config/managed-block.js';
import { awsConfigPaths } from '../aws-config/paths.js';
import { exitCodes, usageError, type ExitCode } from '../errors.js';
import { checkGitArgument, displayUrl } from '../registry/git.js';
import { strayBlocks } from '../registry/merge.js';
import { byPriority, checkRegistryName, loadRegistries, registriesPath, type RegistryEntry } from '../registry/store.js';
import { parseRequiredKey, syncRegistries, type RegistryOutcome, type SyncOutcome } from '../registry/sync.js';
import { formatTable } from '../table.js';
import { isInteractive, say } from '../terminal.js';
import { utcDateTime } from '../utc-time.js';

// `gatehouse registry`: team-shared profiles from git repositories in Granted's registry format (granted.yml with
// awsConfig and templateValues), each merged into a block of its own in ~/.aws/config.

interface AddOptions {
  readonly name: string;
  readonly url: string;
  readonly path?: string;
  readonly filename?: string;
  readonly ref?: string;
  readonly priority: number;
  readonly prefixAllProfiles?: boolean;
  readonly prefixDuplicateProfiles?: boolean;
  readonly pap?: boolean;
  readonly pdp?: boolean;
  readonly requiredKey?: Record<string, string>;
  readonly dryRun?: boolean;
}

interface SyncOptions {
  readonly requiredKey?: Record<string, string>;
  readonly dryRun?: boolean;
}

export function registerRegistry(program: Command): void {
  const registry = program
    .command('registry')
    .description("Share profiles in a team: merge git repositories of AWS config (Granted's profile registries) into ~/.aws/config.")
    .addHelpText(
      'after',
      `
Examples:
  gatehouse registry add --name acme --url git@github.com:acme/aws-profiles.git
  gatehouse registry add --name platform --url https://github.com/acme/platform.git --path aws --ref v3 --priority 10
  gatehouse registry add --name ops --url https://github.com/acme/ops.git --prefix-duplicate-profiles --required-key ROLE=Developer
  gatehouse registry list
  gatehouse registry sync --dry-run
  gatehouse registry remove ops

A registry is a git repository with a granted.yml, the same one Granted reads:
  awsConfig:
    - ./config                 # AWS config files in the repository, merged in this order
  templateValues:
    - ROLE:
        - isRequired: true
        - prompt: "your IAM Identity Center role"
and config files whose values may hold {{ .Required.ROLE }}, {{ .Variables.KEY }} (a templateValues 'value') and
{{ .Profile }}. Each registry's profiles and sso-sessions go between '# BEGIN gatehouse registry=NAME' and
'# END ...' lines; nothing outside those blocks changes. assume and populate sync registries not synced for a week
(--skip-profile-registry-sync or GATEHOUSE_SKIP_REGISTRY_SYNC=1 to skip). The list is kept in
${registriesPath().replace(process.env['HOME'] ?? '\0', '~')}, the checkouts in ~/.cache/gatehouse/registries.`,
    );

  registry
    .command('add')
    .description("Add a registry: fetch it and merge its profiles into ~/.aws/config (nothing is saved if that fails).")
    .requiredOption('-n, --name <name>', 'a name for it: its block, and the prefix of its profiles when they are prefixed (NAME.profile)')
    .requiredOption('-u, --url <url>', 'the git repository (https://, ssh, git@host:path, file://)')
    .option('-p, --path <folder>', 'the folder of the repository that holds granted.yml')
    .option('-f, --filename <file>', 'the registry file when it is not granted.yml')
    .option('--ref <ref>', "a branch, tag or commit (default: the repository's default branch)")
    .option('--priority <n>', 'higher goes first: its profiles keep their names when registries share one', integer, 0)
    .option('--prefix-all-profiles', 'name every profile NAME.profile')
    .option('--prefix-duplicate-profiles', 'name NAME.profile the profiles whose name is taken (else such a name is an error)')
    .addOption(new Option('--pap').hideHelp())
    .addOption(new Option('--pdp').hideHelp())
    .option('-r, --required-key <KEY=VALUE>', "answer one of granted.yml's required keys (repeat for more; else asked for at a terminal)", parseRequiredKey)
    .option('--dry-run', 'print what would change in ~/.aws/config and save nothing')
    .addHelpText(
      'after',
      `
Examples:
  gatehouse registry add --name acme --url git@github.com:acme/aws-profiles.git --dry-run
  gatehouse registry add -n platform -u https://github.com/acme/platform.git -p aws --ref v3 --priority 10
  gatehouse registry add -n ops -u ../ops-profiles --prefix-duplicate-profiles -r ROLE=Developer`,
    )
    .action(async (options: AddOptions) => {
      checkRegistryName(options.name);
      checkGitArgument('URL', options.url);
      // A local path is kept absolute: the checkout's origin is read from another folder.
      const url = /^(\.{1,2}(\/|$)|\/)/.test(options.url) ? resolve(options.url) : options.url;
      if (options.ref !== undefined) checkGitArgument('ref', options.ref);
      const entry: RegistryEntry = {
        name: options.name,
        url,
        ...(options.path !== undefined ? { path: options.path } : {}),
        ...(options.filename !== undefined ? { filename: options.filename } : {}),
        ...(options.ref !== undefined ? { ref: options.ref } : {}),
        priority: options.priority,
        prefixAllProfiles: options.prefixAllProfiles === true || options.pap === true,
        prefixDuplicateProfiles: options.prefixDuplicateProfiles === true || options.pdp === true,
        addedAt: new Date().toISOString(),
      };
      const outcome = await syncRegistries({ fetch: new Set([entry.name]), adding: entry, given: options.requiredKey ?? {}, interactive: isInteractive(), dryRun: options.dryRun === true });
      report(outcome!, options.dryRun === true, entry.name);
    });

  registry
    .command('list')
    .description('List the registries: name, URL, ref, priority and last sync.')
    .option('--json', 'as JSON')
    .addHelpText('after', '\nExamples:\n  gatehouse registry list\n  gatehouse registry list --json | jq -r \'.[].name\'')
    .action(async (options: { json?: boolean }) => {
      const file = await loadRegistries();
      const entries = byPriority(file.registries);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(entries.map(({ name, url, path, filename, ref, priority, prefixAllProfiles, prefixDuplicateProfiles, lastSync, commit }) => ({ name, url, path, filename, ref, priority, prefixAllProfiles, prefixDuplicateProfiles, lastSync, commit })), null, 2)}\n`);
        return;
      }
      const text = (await readTextIfExists(awsConfigPaths().config)) ?? '';
      if (entries.length > 0) {
        const rows = entries.map((e) => [
          e.name,
          displayUrl(e.url) + (e.path ? ` (${e.path}${e.filename ? `/${e.filename}` : ''})` : e.filename ? ` (${e.filename})` : ''),
          e.ref ?? '(default branch)',
          String(e.priority),
          e.prefixAllProfiles ? 'all' : e.prefixDuplicateProfiles ? 'duplicates' : '-',
          e.lastSync ? `${utcDateTime(e.lastSync)}${e.commit ? ` (${e.commit.slice(0, 7)})` : ''}` : 'never',
        ]);
        process.stdout.write(formatTable(['NAME', 'URL', 'REF', 'PRIORITY', 'PREFIX', 'LAST SYNC'], rows));
      } else {
        say('no profile registries (gatehouse registry add --name NAME --url URL)');
      }
      for (const name of strayBlocks(text, entries.map((e) => e.name))) say(`${awsConfigPaths().config} has a block of registry ${name}, which is not configured: gatehouse registry remove ${name} deletes it`);
    });

  registry
    .command('sync')
    .description('Fetch the registries (or the ones named) and merge their profiles into ~/.aws/config again.')
    .argument('[names...]', 'only these registries (the others are merged from their last fetch)')
    .option('-r, --required-key <KEY=VALUE>', 'answer a required key (repeat for more; else asked for at a terminal)', parseRequiredKey)
    .option('--dry-run', 'print what would change in ~/.aws/config and write nothing')
    .addHelpText('after', '\nExamples:\n  gatehouse registry sync --dry-run\n  gatehouse registry sync acme -r TEAM=payments')
    .action(async (names: string[], options: SyncOptions) => {
      const file = await loadRegistries();
      if (file.registries.length === 0) throw usageError('there are no profile registries: gatehouse registry add --name NAME --url URL');
      const unknown = names.filter((name) => !file.registries.some((r) => r.name === name));
      if (unknown.length > 0) throw usageError(`no registry ${unknown.join(', ')} (registries: ${file.registries.map((r) => r.name).join(', ')})`);
      const outcome = await syncRegistries({ fetch: names.length > 0 ? new Set(names) : 'all', given: options.requiredKey ?? {}, interactive: isInteractive(), dryRun: options.dryRun === true });
      report(outcome!, options.dryRun === true);
    });

  registry
    .command('remove')
    .description('Remove a registry: its block in ~/.aws/config, its checkout and its entry.')
    .argument('<name>', 'the registry')
    .addHelpText('after', '\nExample:\n  gatehouse registry remove ops')
    .action(async (name: string) => {
      const file = await loadRegistries();
      const path = awsConfigPaths().config;
      const configured = file.registries.some((r) => r.name === name);
      if (!configured && !findBlock((await readTextIfExists(path)) ?? '', name, registryBlocks)) {
        throw usageError(`no registry ${name}${file.registries.length > 0 ? ` (registries: ${file.registries.map((r) => r.name).join(', ')})` : ''}`);
      }
      // The others are merged again from their last fetch: a name this one held may now be theirs.
      const outcome = (await syncRegistries({ fetch: new Set(), removing: name, interactive: false }))!;
      say(`removed registry ${name}${outcome.removedBlock ? ` and its block in ${path}` : ''}`);
      for (const result of outcome.outcomes) if (result.changes.length > 0 || result.error) describe(result, false);
    });
}

function report(outcome: SyncOutcome, dryRun: boolean, only?: string): void {
  let exitCode: ExitCode = exitCodes.ok;
  for (const result of outcome.outcomes) {
    if (only !== undefined && result.name !== only && result.changes.length === 0 && !result.error) continue;
    if (dryRun) for (const change of result.changes) process.stdout.write(`${change.sign} ${result.name}: [${change.header}]${change.detail ? `  ${change.detail}` : ''}\n`);
    const problem = describe(result, dryRun);
    if (problem !== undefined && problem > exitCode) exitCode = problem;
  }
  if (dryRun) say(`dry run: ${outcome.path} not changed`);
  else if (!outcome.changed) say(`${outcome.path} is up to date`);
  process.exitCode = exitCode;
}

/** One line per registry on stderr; returns the exit code its error calls for. */
function describe(result: RegistryOutcome, dryRun: boolean): ExitCode | undefined {
  const at = result.commit ? ` at ${result.commit.slice(0, 7)}` : '';
  // A registry that could not be fetched is merged from its last checkout; the command still fails, for scripts.
  if (result.fetchError && !result.error) say(`registry ${result.name}: ${result.fetchError.message}; merged from its last fetch${at}`);
  if (result.error) {
    const message = result.error.message.startsWith(`registry ${result.name} `) || result.error.message.startsWith(`registry ${result.name}:`) ? result.error.message : `registry ${result.name}: ${result.error.message}`;
    say(`${message}${result.profiles.length > 0 ? ' (its block is left as it was)' : ''}`);
    return result.error.exitCode;
  }
  const count = (sign: string) => result.changes.filter((c) => c.sign === sign).length;
  say(`registry ${result.name}${at}: ${count('+')} added, ${count('~')} changed, ${count('-')} removed, ${result.unchanged} unchanged${dryRun ? ' (dry run)' : ''}; profiles: ${names(result.profiles)}`);
  for (const note of result.notes) say(`registry ${result.name}: ${note}`);
  return result.fetchError?.exitCode;
}

function names(profiles: readonly string[]): string {
  if (profiles.length === 0) return 'none';
  return profiles.length <= 8 ? profiles.join(', ') : `${profiles.slice(0, 8).join(', ')} and ${profiles.length - 8} more`;
}

function integer(value: string): number {
  if (!/^-?\d+$/.test(value)) throw new InvalidArgumentError('a whole number');
  return Number(value);
}
