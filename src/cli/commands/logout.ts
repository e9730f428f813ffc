import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { AwsConfig, type SsoSession } from '../aws-config/config-file.js';
import { readJsonFile } from '../aws-config/json-files.js';
import { cliCacheDir, ssoCacheDir } from '../aws-config/paths.js';
import { assumedPrefix, sessionTokenPrefix } from '../credentials/profile-credentials.js';
import { forgetRoleCredentials, roleStorePrefix } from '../credentials/role-credentials.js';
import { secretStore } from '../secure-store/open-store.js';
import { withTokenStoreOption } from '../secure-store/token-store-option.js';
import { resolveSession, withSessionOptions, type SessionOptions } from '../session-options.js';
import { ssoClients } from '../sso/aws-clients.js';
import { deleteToken, readToken, refreshTokenPrefix, type CachedToken } from '../sso/token-cache.js';
import { say } from '../terminal.js';

interface LogoutOptions extends SessionOptions {
  readonly all?: boolean;
}

export function registerLogout(program: Command): void {
  withTokenStoreOption(withSessionOptions(program.command('logout').description('Sign out of IAM Identity Center and delete the cached token and role credentials.')))
    .option('--all', 'sign out of every session in ~/.aws/sso/cache and delete every cached SSO role credential, as aws sso logout')
    .addHelpText(
      'after',
      `
Examples:
  gatehouse logout --sso-session acme
  gatehouse logout --all

The portal's Logout ends the sign-in on the server too. The client registration is kept (as the AWS CLI does), so
the next login skips RegisterClient.`,
    )
    .action(async (options: LogoutOptions) => {
      if (options.all) return logoutAll(options.endpoint);
      const config = await AwsConfig.load();
      const session = await resolveSession(options, config, { create: false });
      const token = await readToken(session);
      if (token) await portalLogout(token, session.region, options.endpoint);
      await deleteToken(session);
      const sameSession = (profile: { session: SsoSession }) =>
        session.name ? profile.session.name === session.name : !profile.session.name && profile.session.startUrl === session.startUrl;
      const profiles = config.ssoProfiles().filter(sameSession);
      await Promise.all(profiles.map((profile) => forgetRoleCredentials(profile)));
      say(`${token ? 'signed out of' : 'was not signed in to'} ${session.startUrl}; removed the token and the role credentials of ${profiles.length} profile(s)`);
    });
}

/** Logout on the server; a failure there (already signed out, unreachable) does not keep the files. */
async function portalLogout(token: CachedToken, region: string, endpoint: string | undefined): Promise<void> {
  const clients = ssoClients(region, endpoint);
  const { LogoutCommand } = await clients.commands();
  try {
    await (await clients.portal()).send(new LogoutCommand({ accessToken: token.accessToken }));
  } catch (error) {
    say(`the portal did not take the sign-out (${(error as Error).message}); removing the local files anyway`);
  }
}

async function logoutAll(endpoint: string | undefined): Promise<void> {
  let tokens = 0;
  let credentials = 0;
  for (const path of await jsonFiles(ssoCacheDir())) {
    const token = await readJsonFile<Partial<CachedToken>>(path);
    if (typeof token?.accessToken !== 'string') continue; // a client registration: kept
    if (typeof token.region === 'string') await portalLogout(token as CachedToken, token.region, endpoint);
    await rm(path, { force: true });
    tokens++;
  }
  for (const path of await jsonFiles(cliCacheDir())) {
    const file = await readJsonFile<{ ProviderType?: string }>(path);
    if (file?.ProviderType !== 'sso') continue;
    await rm(path, { force: true });
    credentials++;
  }
  // gatehouse's own: role credentials (the portal's and assumed roles') and private refresh tokens in its token store.
  const { store } = await secretStore();
  for (const key of [...(await store.keys(roleStorePrefix)), ...(await store.keys(assumedPrefix)), ...(await store.keys(sessionTokenPrefix))]) {
    await store.delete(key);
    credentials++;
  }
  for (const key of await store.keys(refreshTokenPrefix)) await store.delete(key);
  say(`signed out: removed ${tokens} token(s) and ${credentials} cached role credential(s)`);
}

async function jsonFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => name.endsWith('.json')).map((name) => join(dir, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
