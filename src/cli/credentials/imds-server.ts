import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { awsTimestamp } from '../aws-config/json-files.js';
import { listenOnLoopback, pathOf, send } from './loopback.js';
import { RefreshingCredentials, type FetchCredentials } from './refreshing-credentials.js';
import type { RoleCredentials } from './role-credentials.js';

// `assume PROFILE --imds-server` (aws-vault's --ec2-server, without root): the EC2 instance metadata protocol for
// credentials, IMDSv2 only, on 127.0.0.1. aws-vault binds 169.254.169.254:80, which takes a network alias and root;
// every SDK, the AWS CLI and boto3 instead read AWS_EC2_METADATA_SERVICE_ENDPOINT (ec2_metadata_service_endpoint),
// so an ordinary port of loopback does. What the SDKs do, and this answers:
//
//   PUT /latest/api/token             X-aws-ec2-metadata-token-ttl-seconds: 1..21600 -> 200, the token as text and
//                                     the TTL header echoed; no or a bad TTL -> 400; with X-Forwarded-For -> 403 (EC2
//                                     issues no token through a proxy); any other method -> 405
//   GET /latest/meta-data/iam/security-credentials/            -> the role name
//   GET /latest/meta-data/iam/security-credentials/<role>      -> {Code: Success, LastUpdated, Type: AWS-HMAC,
//                                                                  AccessKeyId, SecretAccessKey, Token, Expiration}
//   GET .../iam/security-credentials-extended/ and /<role>    -> the same, with AccountId (what newer SDKs ask first)
//
// Every GET must carry X-aws-ec2-metadata-token, a token of this server not past its TTL: without one (IMDSv1) or
// with another, 401, as an instance with HttpTokens = required answers. IMDSv1 is refused because a plain GET is what
// a server-side request forgery or a misdirected proxy can make; the PUT with a custom header is not, and a browser
// cannot send it without a CORS preflight this server never grants. The SDKs all try IMDSv2 first and need nothing
// else. Tokens are stateless: the expiry and its HMAC under a key random per server, so nothing piles up in memory.
//
// IMDS itself has no secret (an instance's metadata is open to its processes): any process of this user can read
// these credentials, and on Linux only those (loopback.ts); on a shared host, prefer --ecs-server and its token.

const tokenPath = '/latest/api/token';
const ttlHeader = 'x-aws-ec2-metadata-token-ttl-seconds';
const tokenHeader = 'x-aws-ec2-metadata-token';
const maxTtlSeconds = 21_600;
const legacy = '/latest/meta-data/iam/security-credentials';
const extended = '/latest/meta-data/iam/security-credentials-extended';

export interface ImdsServer {
  /** AWS_EC2_METADATA_SERVICE_ENDPOINT. */
  readonly url: string;
  /** The name the credentials are listed under (the instance profile's role name on EC2). */
  readonly roleName: string;
  close(): Promise<void>;
}

export interface ImdsServerOptions {
  readonly initial: RoleCredentials;
  readonly fetch: FetchCredentials;
  /** The role's name, listed at security-credentials/ (sanitized to IAM's role-name characters). */
  readonly roleName: string;
  readonly port?: number;
  readonly log: (message: string) => void;
}

/** Issues and checks IMDSv2 session tokens: base64url(expiry in ms, 8 bytes ‖ HMAC-SHA256 of them). */
export class ImdsTokens {
  readonly #key = randomBytes(32);

  issue(ttlSeconds: number, now = Date.now()): string {
    const expiry = Buffer.alloc(8);
    expiry.writeBigUInt64BE(BigInt(now + ttlSeconds * 1000));
    return Buffer.concat([expiry, this.mac(expiry)]).toString('base64url');
  }

  valid(token: string, now = Date.now()): boolean {
    const bytes = Buffer.from(token, 'base64url');
    if (bytes.length !== 40 || bytes.toString('base64url') !== token) return false;
    const expiry = bytes.subarray(0, 8);
    if (!timingSafeEqual(bytes.subarray(8), this.mac(expiry))) return false;
    return Number(expiry.readBigUInt64BE()) > now;
  }

  private mac(data: Buffer): Buffer {
    return createHmac('sha256', this.#key).update(data).digest();
  }
}

/** The TTL a token PUT asks for, if it is a whole number of seconds from 1 to 21600. */
export function parseTtl(value: string | string[] | undefined): number | undefined {
  if (typeof value !== 'string' || !/^\d{1,5}$/.test(value.trim())) return undefined;
  const ttl = Number(value.trim());
  return ttl >= 1 && ttl <= maxTtlSeconds ? ttl : undefined;
}

export async function startImdsServer(options: ImdsServerOptions): Promise<ImdsServer> {
  const roleName = options.roleName.replace(/[^\w+=,.@-]/g, '-') || 'gatehouse';
  const tokens = new ImdsTokens();
  const credentials = new RefreshingCredentials(options.initial, options.fetch, options.log);
  const text = (response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => send(response, status, body, 'text/plain', headers);

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = pathOf(request);
    if (path === tokenPath) {
      if (request.method !== 'PUT') return text(response, 405, 'Method Not Allowed: PUT a token request\n', { allow: 'PUT' });
      if (request.headers['x-forwarded-for'] !== undefined) return text(response, 403, 'Forbidden: no token through a proxy (X-Forwarded-For)\n');
      const ttl = parseTtl(request.headers[ttlHeader]);
      if (ttl === undefined) return text(response, 400, `Bad Request: send ${ttlHeader} from 1 to ${maxTtlSeconds}\n`);
      return text(response, 200, tokens.issue(ttl), { [ttlHeader]: String(ttl) });
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(response, 405, 'Method Not Allowed\n', { allow: 'GET, HEAD' });
    const token = request.headers[tokenHeader];
    if (typeof token !== 'string' || !tokens.valid(token)) {
      return text(response, 401, `Unauthorized: IMDSv2 only; PUT ${tokenPath} for a token and send it as X-aws-ec2-metadata-token\n`);
    }
    const base = path.startsWith(`${extended}`) ? extended : path.startsWith(legacy) ? legacy : undefined;
    const rest = base === undefined ? undefined : path.slice(base.length);
    if (rest === '' || rest === '/') return text(response, 200, roleName);
    if (rest !== `/${roleName}`) return text(response, 404, 'Not Found\n');
    try {
      const c = await credentials.get();
      return text(response, 200, JSON.stringify({
        Code: 'Success',
        LastUpdated: awsTimestamp(credentials.lastUpdated()),
        Type: 'AWS-HMAC',
        AccessKeyId: c.accessKeyId,
        SecretAccessKey: c.secretAccessKey,
        Token: c.sessionToken,
        Expiration: awsTimestamp(c.expiration),
        ...(base === extended ? { AccountId: c.accountId } : {}),
      }));
    } catch (error) {
      return text(response, 500, JSON.stringify({ Code: 'CredentialsUnavailable', Message: (error as Error).message }));
    }
  };

  let listener;
  try {
    listener = await listenOnLoopback(handle, options.port);
  } catch (error) {
    credentials.stop();
    throw error;
  }
  return {
    url: `http://127.0.0.1:${listener.port}/`,
    roleName,
    close: async () => {
      credentials.stop();
      await listener.close();
    },
  };
}
