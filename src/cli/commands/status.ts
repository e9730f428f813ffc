import type { Command } from 'commander';
import { AwsConfig } from '../aws-config/config-file.js';
import { parseTimestamp } from '../aws-config/json-files.js';
import { secretStore } from '../secure-store/open-store.js';
import { withTokenStoreOption } from '../secure-store/token-store-option.js';
import { loginCommand } from '../sso/access-token.js';
import { readToken, refreshTokenOf, secondsLeft } from '../sso/token-cache.js';
import { utcDateTime } from '../utc-time.js';

// What is signed in and for how long (aws-sso-cli's `time`, Granted's `sso-tokens expiry`): each sso-session's
// sign-in and whether it can be refreshed, the role this shell assumed, and where gatehouse keeps its secrets.

interface StatusOptions {
  readonly json?: boolean;
}

interface SessionStatus {
  readonly session: string;
  readonly startUrl: string;
  readonly signedInUntil: string | null;
  readonly refreshToken: 'aws-cli-cache' | 'token-store' | null;
  readonly next: string | null;
}

export function registerStatus(program: Command): void {
  withTokenStoreOption(
    program
      .command('status')
      .description('Show each sso-session sign-in and when it ends, the role this shell assumed, and where secrets are kept.')
      .option('--json', 'print it as JSON for scripts'),
  )
    .addHelpText(
      'after',
      `
Examples:
  gatehouse status
  gatehouse status --json | jq -r '.sessions[] | select(.signedInUntil == null) | .next'

A sign-in with a refresh token is renewed by gatehouse (and the SDKs) when it nears its end, up to the portal
session's limit (8 hours by default); without one, sign in again when it ends.`,
    )
    .action(async (options: StatusOptions) => {
      const config = await AwsConfig.load();
      const sessions: SessionStatus[] = [];
      for (const name of config.sessionNames()) {
        const session = config.session(name);
        const token = await readToken(session);
        const live = token && secondsLeft(token.expiresAt) > 0 ? token : undefined;
        const refresh = token ? await refreshTokenOf(session, token) : undefined;
        sessions.push({
          session: name,
          startUrl: session.startUrl,
          signedInUntil: live ? parseTimestamp(live.expiresAt)!.toISOString() : null,
          refreshToken: refresh?.refreshToken ? (refresh.isPrivate ? 'token-store' : 'aws-cli-cache') : null,
          next: live ? null : loginCommand(session),
        });
      }
      const expiration = parseTimestamp(process.env['AWS_CREDENTIAL_EXPIRATION']);
      const profile = process.env['GATEHOUSE_PROFILE'];
      const container = process.env['AWS_CONTAINER_CREDENTIALS_FULL_URI'];
      const imds = process.env['AWS_EC2_METADATA_SERVICE_ENDPOINT'];
      // Keys assume exported (until they end), or a credential server (refreshed as needed): the ECS one of assume
      // --ecs-server or credential-server, which every chain prefers, else the IMDS one of assume --imds-server.
      const shell = !profile
        ? null
        : expiration
          ? { profile, until: expiration.toISOString() }
          : container
            ? { profile, server: container }
            : imds
              ? { profile, server: imds, protocol: 'imds' as const }
              : null;
      const { store, fallback } = await secretStore();
      const tokenStore = { kind: store.kind, where: store.where, ...(fallback ? { fallback } : {}) };

      if (options.json) {
        process.stdout.write(`${JSON.stringify({ sessions, shell, tokenStore }, null, 2)}\n`);
        return;
      }
      const lines: string[] = [];
      if (sessions.length === 0) lines.push(`no sso-session in ${config.path}: gatehouse login --start-url URL --sso-region REGION`);
      for (const s of sessions) {
        if (!s.signedInUntil) {
          lines.push(`sso-session ${s.session} (${s.startUrl}): not signed in (${s.refreshToken ? 'expired' : 'no sign-in'}): ${s.next}`);
          continue;
        }
        const refresh = s.refreshToken === 'aws-cli-cache' ? 'refreshable' : s.refreshToken === 'token-store' ? 'refreshable by gatehouse (private refresh token)' : 'not refreshable';
        lines.push(`sso-session ${s.session} (${s.startUrl}): signed in until ${utcDateTime(s.signedInUntil)} (${left(s.signedInUntil)}), ${refresh}`);
      }
      if (!shell) lines.push('this shell: no role assumed');
      else if ('server' in shell) lines.push(`this shell: ${shell.profile} from the ${'protocol' in shell ? 'IMDS ' : ''}credential server at ${shell.server}`);
      else lines.push(`this shell: ${shell.profile} until ${utcDateTime(shell.until)} (${left(shell.until)})`);
      lines.push(`token store: ${store.where}${fallback ? ` (${fallback})` : ''}`);
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}

function left(iso: string): string {
  const minutes = Math.floor(secondsLeft(iso) / 60);
  if (minutes < 0) return 'ended';
  return minutes >= 60 ? `${Math.floor(minutes / 60)}h ${minutes % 60}m left` : `${minutes}m left`;
}
