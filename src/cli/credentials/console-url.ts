import { CliError } from '../errors.js';
import { consoleDestination, endpointFor, federationUrl } from '../sso/endpoints.js';
import type { RoleCredentials } from './role-credentials.js';

// A console sign-in URL from temporary credentials, through AWS's federation endpoint (the "custom identity broker"
// flow of the IAM User Guide; https://signin.aws.amazon.com/federation) or a gatehouse server's (<endpoint>/federation):
// getSigninToken with the session, then an Action=login URL. No SessionDuration, as Granted and aws-vault: the
// console session lasts as long as the credentials. The URL signs whoever opens it in for 15 minutes: a secret.

export async function consoleUrl(credentials: RoleCredentials, region: string, endpointFlag: string | undefined, service?: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const federation = federationUrl(region, endpointFlag, env);
  const session = JSON.stringify({ sessionId: credentials.accessKeyId, sessionKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken });
  let response: Response;
  try {
    response = await fetch(`${federation}?${new URLSearchParams({ Action: 'getSigninToken', Session: session })}`);
  } catch (error) {
    throw new CliError(`cannot reach the federation endpoint ${federation}: ${(error as Error).message}`);
  }
  const body = await response.text();
  let token: string | undefined;
  try {
    token = (JSON.parse(body) as { SigninToken?: string }).SigninToken;
  } catch {
    token = undefined;
  }
  if (!response.ok || !token) throw new CliError(`the federation endpoint ${federation} refused the credentials (HTTP ${response.status}): ${body.slice(0, 200)}`);
  const override = endpointFor('signin', endpointFlag, env);
  // A gatehouse server has one console page per role session: no services to land on.
  const destination = override ? `${override}/console/` : consoleDestination(region, service);
  return `${federation}?${new URLSearchParams({ Action: 'login', Issuer: 'gatehouse', Destination: destination, SigninToken: token })}`;
}
