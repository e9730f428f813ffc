import type { AwsConfig } from '../aws-config/config-file.js';
import { LoginRequiredError } from '../sso/access-token.js';
import { isInteractive, say } from '../terminal.js';
import { bottomSsoSession, type ResolvedCredentials } from './profile-credentials.js';
import { utcTime } from '../utc-time.js';

/**
 * `attempt()` (a profile's credentials), and when it fails for want of a sign-in at a terminal, a sign-in on the spot
 * (as Granted does) and `attempt()` again; scripts get exit code 3 instead. For assume and credential-server load.
 */
export async function resolveSigningIn(
  config: AwsConfig,
  profile: string,
  endpoint: string | undefined,
  attempt: () => Promise<ResolvedCredentials>,
): Promise<ResolvedCredentials> {
  return attempt().catch(async (error: unknown) => {
    const session = bottomSsoSession(config, profile);
    if (!(error instanceof LoginRequiredError) || !isInteractive() || !session) throw error;
    say(error.why);
    const { interactiveSignIn } = await import('../sso/interactive-sign-in.js');
    await interactiveSignIn(session, { browser: true }, endpoint, false);
    return attempt();
  });
}

/** "PROFILE (role R in account A, until HH:MM UTC)": what a profile's credentials are, for messages. */
export function describeCredentials(profile: string, resolved: ResolvedCredentials): string {
  const whose = resolved.roleName ? `role ${resolved.roleName}` : 'MFA session'; // long-term keys give only MFA sessions
  return `${profile} (${whose} in account ${resolved.credentials.accountId}, until ${utcTime(resolved.credentials.expiration)})`;
}
