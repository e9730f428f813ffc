import type { Command } from 'commander';
import { AwsConfig, defaultScopes, type SsoSession } from './aws-config/config-file.js';
import { editFile } from './aws-config/edit-file.js';
import { upsertSection } from './aws-config/ini-section.js';
import { usageError } from './errors.js';

// Which IAM Identity Center sign-in a command is about: --profile P (its sso_session, or its legacy keys),
// --sso-session S, or --start-url U --sso-region R (an sso-session with that start URL, or a new one). With none of
// them: AWS_PROFILE's, else the only sso-session in the config.

export interface SessionOptions {
  readonly profile?: string;
  readonly ssoSession?: string;
  readonly startUrl?: string;
  readonly ssoRegion?: string;
  readonly endpoint?: string;
}

export function withSessionOptions(command: Command): Command {
  return command
    .option('--profile <profile>', "use the profile's sso-session (or its legacy sso_start_url)")
    .option('--sso-session <name>', 'the [sso-session NAME] of ~/.aws/config')
    .option('--start-url <url>', 'the AWS access portal URL (with --sso-region; makes an sso-session if none has it)')
    .option('--sso-region <region>', 'the region of the IAM Identity Center instance')
    .option('--endpoint <url>', 'an AWS-compatible endpoint such as a gatehouse server (default: $AWS_ENDPOINT_URL, else AWS)');
}

export async function resolveSession(options: SessionOptions, config: AwsConfig, { create }: { readonly create: boolean }): Promise<SsoSession> {
  if (options.startUrl || options.ssoRegion) {
    if (!options.startUrl || !options.ssoRegion) throw usageError('--start-url and --sso-region go together');
    const existing = options.ssoSession ? undefined : config.sessionForStartUrl(options.startUrl);
    if (existing) return existing;
    const name = options.ssoSession ?? sessionNameFor(options.startUrl);
    if (!create) throw usageError(`no sso-session in ${config.path} has the start URL ${options.startUrl}: run gatehouse login first`);
    return saveSession(config, { name, startUrl: options.startUrl, region: options.ssoRegion, scopes: defaultScopes });
  }
  if (options.ssoSession) return config.session(options.ssoSession);
  const profile = options.profile ?? process.env['AWS_PROFILE'];
  if (profile) return config.requireSsoProfile(profile).session;
  const sessions = config.sessionNames();
  if (sessions.length === 1) return config.session(sessions[0]!);
  if (sessions.length === 0) throw usageError(`no sso-session in ${config.path}: give --start-url URL --sso-region REGION`);
  throw usageError(`${config.path} has several sso-sessions (${sessions.join(', ')}): choose one with --sso-session`);
}

/** A name for a new sso-session: the portal's subdomain (d-1234567890, mycompany), else the host and port. */
export function sessionNameFor(startUrl: string): string {
  let url: URL;
  try {
    url = new URL(startUrl);
  } catch {
    throw usageError(`--start-url ${startUrl} is not a URL`);
  }
  const host = url.hostname;
  const label = /^([a-z0-9-]+)\.(awsapps\.com|portal\.[a-z0-9-]+\.app\.aws)$/i.exec(host)?.[1];
  if (label) return label.toLowerCase();
  return `${host}${url.port ? `-${url.port}` : ''}`.replace(/[^A-Za-z0-9-]+/g, '-').toLowerCase();
}

/** Writes [sso-session NAME] (only that section changes) and returns the session. */
async function saveSession(config: AwsConfig, session: SsoSession & { readonly name: string }): Promise<SsoSession> {
  await editFile(config.path, (text) =>
    upsertSection(text, `sso-session ${session.name}`, {
      sso_start_url: session.startUrl,
      sso_region: session.region,
      sso_registration_scopes: (session.scopes ?? defaultScopes).join(','),
    }),
  );
  process.stderr.write(`gatehouse: saved [sso-session ${session.name}] in ${config.path}\n`);
  return session;
}
