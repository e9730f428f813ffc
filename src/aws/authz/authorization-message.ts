import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { SecretBox } from '../../lib/secret-box.js';

// The "encoded authorization failure message" of a denial, and what STS DecodeAuthorizationMessage makes of it.
//
// The encoded form is opaque to the caller: the details, deflated and sealed with the server's secret box (AES-GCM),
// then base64url, so it can be neither read nor forged without the server's key. The sealed plaintext starts with a
// purpose label, checked on decoding: the same box seals credential secrets at rest, and without the label a sealed
// secret lifted from a database copy could be handed to DecodeAuthorizationMessage to be opened.
//
// Decoded, it is AWS's document: {"allowed", "explicitDeny", "matchedStatements": {"items": [...]}, "failures":
// {"items": []}, "context": {"principal": {"id", "arn"}, "action", "resource", "conditions": {"items": [{"key",
// "values": {"items": [{"value"}]}}]}}}. A matched statement carries AWS's statementId (the Sid, "" without one) and
// effect (ALLOW / DENY), and gatehouse's policyId and statementIndex to say which policy and statement it was.
// Pure: no I/O, no clock.

export interface MatchedStatement {
  /** Which policy: a managed policy ARN, `<entity ARN>/<inline policy name>`, an SCP id, "trust policy"... */
  readonly policyId: string;
  /** The statement's position in the policy, from 0. */
  readonly statementIndex: number;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
}

export interface AuthorizationDetails {
  readonly allowed: boolean;
  readonly explicitDeny: boolean;
  readonly matchedStatements: readonly MatchedStatement[];
  readonly principal: { readonly id: string; readonly arn: string };
  readonly action: string;
  readonly resource: string;
  /** The request's context keys and their values. */
  readonly conditions: Readonly<Record<string, readonly string[]>>;
}

const PURPOSE = 'gatehouse:authorization-message:1\n';

/** Seals a denial's details into the opaque message a caller can only read through DecodeAuthorizationMessage. */
export function encodeAuthorizationMessage(details: AuthorizationDetails, box: SecretBox): string {
  const packed = deflateRawSync(Buffer.from(JSON.stringify(details), 'utf8')).toString('base64');
  return Buffer.from(box.seal(PURPOSE + packed), 'utf8').toString('base64url');
}

/** The details of a message encodeAuthorizationMessage made with the same key; undefined for anything else. */
export function decodeAuthorizationMessage(encoded: string, box: SecretBox): AuthorizationDetails | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) return undefined;
  let plain: string;
  try {
    plain = box.open(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!plain.startsWith(PURPOSE)) return undefined;
  try {
    const details = JSON.parse(inflateRawSync(Buffer.from(plain.slice(PURPOSE.length), 'base64')).toString('utf8')) as unknown;
    return isDetails(details) ? details : undefined;
  } catch {
    return undefined;
  }
}

/** AWS's decoded message document (DecodeAuthorizationMessage's DecodedMessage) for these details. */
export function decodedMessageDocument(details: AuthorizationDetails): string {
  const items = <T>(list: readonly T[]) => ({ items: list });
  return JSON.stringify({
    allowed: details.allowed,
    explicitDeny: details.explicitDeny,
    matchedStatements: items(
      details.matchedStatements.map((s) => ({
        statementId: s.sid ?? '',
        effect: s.effect.toUpperCase(),
        policyId: s.policyId,
        statementIndex: s.statementIndex,
      })),
    ),
    failures: items([]),
    context: {
      principal: { id: details.principal.id, arn: details.principal.arn },
      action: details.action,
      resource: details.resource,
      conditions: items(
        Object.entries(details.conditions).map(([key, values]) => ({ key, values: items(values.map((value) => ({ value }))) })),
      ),
    },
  });
}

function isDetails(value: unknown): value is AuthorizationDetails {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const principal = v['principal'] as Record<string, unknown> | undefined;
  return (
    typeof v['allowed'] === 'boolean' &&
    typeof v['explicitDeny'] === 'boolean' &&
    Array.isArray(v['matchedStatements']) &&
    typeof principal === 'object' &&
    principal !== null &&
    typeof principal['id'] === 'string' &&
    typeof principal['arn'] === 'string' &&
    typeof v['action'] === 'string' &&
    typeof v['resource'] === 'string' &&
    typeof v['conditions'] === 'object' &&
    v['conditions'] !== null
  );
}
