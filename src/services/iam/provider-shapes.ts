import type * as api from '../../aws/api/iam.js';
import type { Principal } from '../../aws/auth/principal.js';
import type { OperationContext } from '../../aws/protocol/operation-context.js';
import type { Page } from '../../lib/keyset-pages.js';
import type { RoleRow } from '../../store/schema.js';

// What IAM's providers share on the wire: the caller's account, Marker / MaxItems paging, how documents and roles
// are shaped. With the providers, the only IAM code that sees wire names.

/** Who calls: every IAM operation is signed, so its handler always has a principal. */
export function caller(ctx: OperationContext): Principal {
  if (!ctx.principal) throw new Error('an IAM operation reached its handler without a principal');
  return ctx.principal;
}

/** Every IAM call is scoped to the caller's account. */
export function account(ctx: OperationContext): string {
  return caller(ctx).accountId;
}

export const page = (input: { readonly Marker?: string; readonly MaxItems?: number }) => ({ maxResults: input.MaxItems, nextToken: input.Marker });
export const truncation = <T>(p: Page<T>) => (p.nextToken !== undefined ? { IsTruncated: true, Marker: p.nextToken } : { IsTruncated: false });

/** IAM returns policy documents URL-encoded (boto3 and the AWS CLI decode them; SDK v3 hands the text over). */
export const encodeDocument = (json: string): string => encodeURIComponent(json);

/** IAM reports whole seconds. */
export const wholeSeconds = (epochMs: number | string): Date => new Date(Math.floor(Number(epochMs) / 1000) * 1000);

/** A role as ListRoles shows it (no PermissionsBoundary, RoleLastUsed or Tags). */
export function roleShape(row: RoleRow): api.Role {
  return {
    Path: row.path,
    RoleName: row.name,
    RoleId: row.id,
    Arn: row.arn,
    CreateDate: wholeSeconds(row.created_at),
    AssumeRolePolicyDocument: encodeDocument(row.trust_policy),
    ...(row.description !== null ? { Description: row.description } : {}),
    MaxSessionDuration: Number(row.max_session_duration),
  };
}
