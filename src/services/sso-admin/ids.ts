import { randomBytes } from 'node:crypto';

// Identifiers as AWS mints them: instance ssoins-<16 hex> (its ARN carries no account or region), identity store
// d-<10 hex>, permission set ps-<16 hex> under its instance.

const hex = (chars: number): string => randomBytes(Math.ceil(chars / 2)).toString('hex').slice(0, chars);

export const newInstanceId = (): string => `ssoins-${hex(16)}`;
export const newIdentityStoreId = (): string => `d-${hex(10)}`;
export const newPermissionSetId = (): string => `ps-${hex(16)}`;

export const arns = {
  instance: (instanceId: string): string => `arn:aws:sso:::instance/${instanceId}`,
  permissionSet: (instanceId: string, permissionSetId: string): string => `arn:aws:sso:::permissionSet/${instanceId}/${permissionSetId}`,
};

/** ssoins-... of an instance ARN, or undefined when it is not one. */
export function instanceIdOf(instanceArn: string): string | undefined {
  return /^arn:aws[a-z-]*:sso:::instance\/((?:sso)?ins-[a-zA-Z0-9-.]{16})$/.exec(instanceArn)?.[1];
}

/** The instance id a permission set ARN names, or undefined when it is not one. */
export function permissionSetInstanceIdOf(permissionSetArn: string): string | undefined {
  return /^arn:aws[a-z-]*:sso:::permissionSet\/((?:sso)?ins-[a-zA-Z0-9-.]{16})\/ps-[a-zA-Z0-9-./]{16}$/.exec(permissionSetArn)?.[1];
}
