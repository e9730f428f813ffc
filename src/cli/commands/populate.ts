import { InvalidArgumentError, type Command } from 'commander';
import { AwsConfig } from '../aws-config/config-file.js';
import { editFile } from '../aws-config/edit-file.js';
import { resolveRegion } from '../aws-config/regions.js';
import { readTextIfExists } from '../aws-config/json-files.js';
import { blockProfiles, profilesOutsideBlock, replaceBlock } from '../aws-config/managed-block.js';
import { checkTemplate, defaultTemplate, nameProfiles, type NamedProfile } from '../aws-config/profile-names.js';
import { usageError } from '../errors.js';
import { autoSyncRegistries, withRegistrySyncOption, type AutoSyncOptions } from '../registry/auto-sync.js';
import { withTokenStoreOption } from '../secure-store/token-store-option.js';
import { resolveSession, withSessionOptions, type SessionOptions } from '../session-options.js';
import { accessToken } from '../sso/access-token.js';
import { ssoClients } from '../sso/aws-clients.js';
import { listAccountRoles } from '../sso/portal.js';
import { say } from '../terminal.js';

interface PopulateOptions extends SessionOptions, AutoSyncOptions {
  readonly prefix: string;
  readonly template: string;
  readonly region?: string;
  readonly prune?: boolean;
  readonly dryRun?: boolean;
  readonly credentialProcess?: boolean;
  readonly concurrency: number;
}

/** One profile as populate writes it: its section name and keys in order. */
interface ProfileSection extends NamedProfile {
  readonly entries: readonly (readonly [string, string])[];
}

export function registerPopulate(program: Command): void {
  withRegistrySyncOption(withTokenStoreOption(withSessionOptions(
    program.command('populate').description('Write a profile for every account and role you can use into a gatehouse block of ~/.aws/config.'),
  )))
    .option('--prefix <prefix>', 'put this before every profile name (one prefix per organization keeps names apart)', '')
    .option('--template <template>', 'profile names from {account_name}, {account_id}, {role_name}, {sso_session}', defaultTemplate)
    .option('--region <region>', "the profiles' region, or a short form such as ew1 (default: the sso-session's region)", resolveRegion)
    .option('--prune', 'remove profiles of the block whose account or role you no longer have')
    .option('--dry-run', 'print what would change and write nothing')
    .option('--credential-process', 'write credential_process profiles (gatehouse credential-process) instead of sso_session ones, for tools without SSO support')
    .option('--concurrency <n>', 'ListAccountRoles calls in flight', positiveInteger, 8)
    .addHelpText(
      'after',
      `
Examples:
  gatehouse populate
  gatehouse populate --sso-session acme --prefix acme_ --prune
  gatehouse populate --template '{account_id}-{role_name}' --dry-run

Every profile uses the sso-session (sso_session, sso_account_id, sso_role_name, region), which the AWS CLI and the
SDKs sign in with directly, and the account's name and email (gatehouse_account_name, gatehouse_account_email), which
the assume picker finds it by. The profiles live between '# BEGIN gatehouse populate sso-session=NAME' and
'# END ...' lines; nothing outside that block changes. Keys you add to a profile of the block yourself
(gatehouse_tags, granted_color, output, ...) are kept. Accounts with the same name get their id added; a name you
already use outside the block is never taken over (that profile is left out, and said so).`,
    )
    .action(async (options: PopulateOptions) => {
      checkTemplate(options.template, options.prefix);
      // The registries' profile names first, so populate never takes one (a dry run writes nothing, so no sync).
      await autoSyncRegistries(options.dryRun ? { skipProfileRegistrySync: true } : options);
      const config = await AwsConfig.load();
      const session = await resolveSession(options, config, { create: false });
      const sessionName = session.name;
      if (!sessionName) throw usageError('populate writes sso_session profiles: make an sso-session first (gatehouse login --start-url URL --sso-region REGION)');
      const token = await accessToken(session, options.endpoint);

      const progress = process.stderr.isTTY ? (done: number, total: number) => process.stderr.write(`\rgatehouse: listing roles ${done}/${total}`) : undefined;
      const accounts = await listAccountRoles(token.accessToken, ssoClients(session.region, options.endpoint), {
        concurrency: options.concurrency,
        ...(progress ? { onProgress: progress } : {}),
      });
      if (progress) process.stderr.write('\n');

      const text = (await readTextIfExists(config.path)) ?? '';
      const existing = blockProfiles(text, sessionName);
      const listed = accounts
        .flatMap((account) => account.roles.map((roleName) => ({ accountId: account.accountId, accountName: account.accountName, accountEmail: account.emailAddress, roleName })))
        .sort((a, b) => compare(a.accountName, b.accountName) || compare(a.accountId, b.accountId) || compare(a.roleName, b.roleName));
      const plan = nameProfiles(listed, { template: options.template, prefix: options.prefix, session: sessionName, taken: profilesOutsideBlock(text, sessionName) });
      for (const skip of plan.skipped) say(`left out ${skip.accountName} (${skip.accountId}) ${skip.roleName}: profile ${skip.name} already exists outside the block`);

      const region = options.region ?? session.region;
      // Keys someone added to a profile of the block (gatehouse_tags, granted_color, output, ...) stay, after populate's.
      const sections: ProfileSection[] = plan.profiles.map((profile) => ({
        ...profile,
        entries: [...entriesFor(profile, sessionName, region, options.credentialProcess === true), ...[...(existing.get(profile.name) ?? [])].filter(([k]) => !populateKeys.has(k))],
      }));
      const listedKeys = new Set(listed.map((p) => `${p.accountId}/${p.roleName}`));
      const written = new Set(sections.map((s) => s.name));
      // Without --prune, profiles of accounts and roles no longer listed stay.
      const kept = options.prune
        ? []
        : [...existing].filter(([name, entries]) => !written.has(name) && !listedKeys.has(`${key(entries, 'sso_account_id')}/${key(entries, 'sso_role_name')}`));

      const blockSections = [...sections.map(sectionLines), ...kept.map(([name, entries]) => [`[profile ${name}]`, ...[...entries].map(([k, v]) => `${k} = ${v}`)])];
      const changes = diff(existing, sections, new Set(kept.map(([name]) => name)));
      if (options.dryRun) {
        process.stdout.write(changes.lines.join('\n') + (changes.lines.length > 0 ? '\n' : ''));
        say(`dry run: ${changes.summary}; ${config.path} not changed`);
        return;
      }
      await editFile(config.path, (current) => replaceBlock(current, sessionName, blockSections));
      say(`${changes.summary} (${accounts.length} accounts) in ${config.path}`);
    });
}

/**
 * npm installs gatehouse on Windows as gatehouse.cmd, which the AWS CLI (Popen of a split command line, no shell)
 * finds only when named with its extension; the SDKs run credential_process through cmd.exe, which finds it either way.
 */
const gatehouseCommand = process.platform === 'win32' ? 'gatehouse.cmd' : 'gatehouse';

/** Every key populate writes, in either form: the others on a profile of the block are someone's own, and stay. */
const populateKeys: ReadonlySet<string> = new Set([
  'sso_session', 'sso_account_id', 'sso_role_name', 'region', 'credential_process',
  'gatehouse_sso_session', 'gatehouse_sso_account_id', 'gatehouse_sso_role_name', 'gatehouse_account_name', 'gatehouse_account_email',
]);

function entriesFor(profile: NamedProfile, session: string, region: string, credentialProcess: boolean): [string, string][] {
  // The account's name and email, which the AWS CLI and the SDKs ignore, for the assume picker to find it by.
  const described: [string, string][] = [];
  const name = iniValue(profile.accountName);
  const email = iniValue(profile.accountEmail ?? '');
  if (name !== '' && name !== profile.accountId) described.push(['gatehouse_account_name', name]);
  if (email !== '') described.push(['gatehouse_account_email', email]);
  if (credentialProcess) {
    return [
      ['credential_process', `${gatehouseCommand} credential-process --profile ${profile.name}`],
      ['gatehouse_sso_session', session],
      ['gatehouse_sso_account_id', profile.accountId],
      ['gatehouse_sso_role_name', profile.roleName],
      ['region', region],
      ...described,
    ];
  }
  return [
    ['sso_session', session],
    ['sso_account_id', profile.accountId],
    ['sso_role_name', profile.roleName],
    ['region', region],
    ...described,
  ];
}

/** A value an INI reader gives back as written: one line, and no blank before # or ; (an inline comment to the SDKs). */
function iniValue(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').replace(/\s+(?=[#;])/g, '').trim();
}

function sectionLines(section: ProfileSection): string[] {
  return [`[profile ${section.name}]`, ...section.entries.map(([k, v]) => `${k} = ${v}`)];
}

function key(entries: ReadonlyMap<string, string>, name: string): string | undefined {
  return entries.get(name) ?? entries.get(`gatehouse_${name}`);
}

function diff(before: ReadonlyMap<string, ReadonlyMap<string, string>>, after: readonly ProfileSection[], kept: ReadonlySet<string>): { lines: string[]; summary: string } {
  const lines: string[] = [];
  let added = 0;
  let changed = 0;
  let unchanged = 0;
  let removed = 0;
  const describe = (s: NameLike) => `${s.accountName ? `${s.accountName} ` : ''}(${s.accountId ?? '?'}) ${s.roleName ?? '?'}`;
  for (const section of after) {
    const old = before.get(section.name);
    if (!old) {
      added++;
      lines.push(`+ [profile ${section.name}]  ${describe(section)}`);
    } else if (old.size !== section.entries.length || section.entries.some(([k, v]) => old.get(k) !== v)) {
      changed++;
      const fields = section.entries.filter(([k, v]) => old.get(k) !== v).map(([k]) => k);
      lines.push(`~ [profile ${section.name}]  ${fields.length > 0 ? fields.join(', ') : 'keys removed'}`);
    } else unchanged++;
  }
  const names = new Set(after.map((s) => s.name));
  for (const [name, entries] of before) {
    if (names.has(name) || kept.has(name)) continue;
    removed++;
    lines.push(`- [profile ${name}]  ${describe({ accountId: key(entries, 'sso_account_id'), roleName: key(entries, 'sso_role_name') })}`);
  }
  const summary = `${added} added, ${changed} changed, ${removed} removed, ${unchanged} unchanged${kept.size > 0 ? `, ${kept.size} kept (no longer listed; --prune removes them)` : ''}`;
  return { lines, summary };
}

interface NameLike {
  readonly accountName?: string | undefined;
  readonly accountId?: string | undefined;
  readonly roleName?: string | undefined;
}

/** Case-insensitive first, so `dev` sorts beside `Dev`; then exact, so the order never depends on the listing's. */
function compare(a: string, b: string): number {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new InvalidArgumentError('a whole number from 1');
  return n;
}
