import { SignInAdminError, type SignInDomain } from '../services/sso-portal/sign-in/index.js';
import { ControlError, json, parseJson, type ControlPathRoute } from './control-area.js';

// The administrator's side of sign-in on the control API (Identity Center users have no password API in AWS: the
// console sets them). The user is named by UserName in the management account's instance, or in the identity store
// the body's identityStoreId names.
//
//   POST   /_gatehouse/identity-center/users/<UserName>/password
//          {"password": "...", "temporary": false}  sets that password (temporary: changed at the next sign-in)
//          {}                                        generates a one-time password and returns it
//          {"invitation": true}                      mints an invitation / reset token (7 days) instead
//   DELETE /_gatehouse/identity-center/users/<UserName>/mfa   removes the user's MFA device

interface PasswordBody {
  readonly identityStoreId?: unknown;
  readonly password?: unknown;
  readonly temporary?: unknown;
  readonly invitation?: unknown;
}

const optional = <T>(value: unknown, type: 'string' | 'boolean', name: string): T | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== type) throw new ControlError(400, `${name} must be a ${type}.`);
  return value as T;
};

async function admin<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof SignInAdminError) throw new ControlError(error.kind === 'invalid-password' ? 400 : 404, error.message);
    throw error;
  }
}

export function signInControlRoutes(signIn: SignInDomain): readonly ControlPathRoute[] {
  return [
    {
      method: 'POST',
      path: /^identity-center\/users\/([^/]+)\/password$/,
      async run(request, [userName]) {
        const body = (request.body.length === 0 ? {} : parseJson(request, 'The body is not valid JSON.')) as PasswordBody;
        if (body === null || typeof body !== 'object') throw new ControlError(400, 'The body must be a JSON object.');
        const identityStoreId = optional<string>(body.identityStoreId, 'string', 'identityStoreId');
        const ref = { identityStoreId, userName: userName ?? '' };
        if (optional<boolean>(body.invitation, 'boolean', 'invitation')) {
          const minted = await admin(() => signIn.mintPasswordToken(ref));
          return json(200, { ...minted, expiresAt: new Date(minted.expiresAt).toISOString() });
        }
        const password = optional<string>(body.password, 'string', 'password');
        const temporary = optional<boolean>(body.temporary, 'boolean', 'temporary');
        return json(200, await admin(() => signIn.setPassword(ref, { password, temporary })));
      },
    },
    {
      method: 'DELETE',
      path: /^identity-center\/users\/([^/]+)\/mfa$/,
      async run(request, [userName]) {
        const identityStoreId = request.query.get('identityStoreId') ?? undefined;
        return json(200, await admin(() => signIn.resetMfa({ identityStoreId, userName: userName ?? '' })));
      },
    },
  ];
}
