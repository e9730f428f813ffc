/** What CreateToken hands back, whichever grant got it. */
export interface TokenGrant {
  readonly accessToken: string;
  readonly expiresInSeconds: number;
  readonly refreshToken?: string;
}
