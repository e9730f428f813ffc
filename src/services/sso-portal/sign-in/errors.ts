// Sign-in has no wire API of its own: users' mistakes are results the pages show (SignInStep 'rejected'), and an
// administrator's are this error, which the control API turns into 404 / 400.

export class SignInAdminError extends Error {
  constructor(
    readonly kind: 'user-not-found' | 'instance-not-found' | 'invalid-password',
    message: string,
  ) {
    super(message);
    this.name = 'SignInAdminError';
  }
}
