// Sign-in to the access portal (services/sso-portal/sign-in) and the OIDC service behind `aws sso login`
// (services/sso-oidc): identity store users' passwords and TOTP devices, portal sessions, one-time password tokens,
// OIDC clients, device authorizations, authorization codes and tokens. Frozen once released: Kysely<any>, never
// `Database`.
//
// No secret is stored in a form that can be used: passwords are scrypt hashes, TOTP secrets are sealed with the
// SecretBox, and every bearer value (session cookie, password token, client secret, device code, authorization code,
// access and refresh token) is kept as its sha256. Users are named by their identity store id without a foreign key
// (as idstore_* rows name their store): a user deleted and made again has a new id, so old rows are inert.

import type { Kysely, Migration } from 'kysely';

export const signIn: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('signin_users')
      // idstore_users.id
      .addColumn('user_id', 'text', (c) => c.primaryKey())
      .addColumn('identity_store_id', 'text', (c) => c.notNull())
      // scrypt$<log2 N>$<r>$<p>$<salt b64>$<key b64>; null until an administrator or an invitation sets one
      .addColumn('password_hash', 'text')
      // JSON array of the previous hashes (the last three passwords cannot be used again)
      .addColumn('password_history', 'text', (c) => c.notNull())
      // 1: a one-time password, changed at the next sign-in
      .addColumn('must_change_password', 'integer', (c) => c.notNull())
      .addColumn('password_set_at', 'bigint')
      // consecutive failed passwords or MFA codes; reset by a success
      .addColumn('failed_attempts', 'integer', (c) => c.notNull())
      .addColumn('locked_until', 'bigint')
      // the TOTP secret (base32), sealed; null until an enrolment is confirmed
      .addColumn('totp_secret', 'text')
      // an enrolment started but not yet confirmed with a code, sealed
      .addColumn('totp_pending_secret', 'text')
      // the last time step a code was accepted for: a code is never accepted twice
      .addColumn('totp_last_step', 'bigint')
      .addColumn('mfa_enrolled_at', 'bigint')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('signin_sessions')
      // sha256 of the cookie value (an active session) or of the challenge (a sign-in still in progress)
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('identity_store_id', 'text', (c) => c.notNull())
      .addColumn('instance_arn', 'text', (c) => c.notNull())
      // change-password | enrol-mfa | verify-mfa | active
      .addColumn('stage', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('signin_sessions_user_idx').on('signin_sessions').columns(['user_id']).execute();
    await db.schema.createIndex('signin_sessions_expiry_idx').on('signin_sessions').columns(['expires_at']).execute();

    await db.schema
      .createTable('signin_password_tokens')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('identity_store_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('signin_password_tokens_user_idx').on('signin_password_tokens').columns(['user_id']).execute();

    await db.schema
      .createTable('oidc_clients')
      .addColumn('client_id', 'text', (c) => c.primaryKey())
      .addColumn('secret_hash', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      // JSON arrays; empty when the registration gave none
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('grant_types', 'text', (c) => c.notNull())
      .addColumn('redirect_uris', 'text', (c) => c.notNull())
      .addColumn('issuer_url', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('secret_expires_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('oidc_device_authorizations')
      .addColumn('device_code_hash', 'text', (c) => c.primaryKey())
      // ABCD-EFGH, what the user types on the device page
      .addColumn('user_code', 'text', (c) => c.notNull().unique())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('instance_arn', 'text', (c) => c.notNull())
      .addColumn('identity_store_id', 'text', (c) => c.notNull())
      .addColumn('start_url', 'text', (c) => c.notNull())
      // pending | approved | denied | used
      .addColumn('status', 'text', (c) => c.notNull())
      // the user who approved or denied
      .addColumn('user_id', 'text')
      .addColumn('interval_seconds', 'integer', (c) => c.notNull())
      .addColumn('last_polled_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('oidc_device_authorizations_expiry_idx').on('oidc_device_authorizations').columns(['expires_at']).execute();

    await db.schema
      .createTable('oidc_authorization_codes')
      .addColumn('code_hash', 'text', (c) => c.primaryKey())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('redirect_uri', 'text', (c) => c.notNull())
      // base64url(sha256(code_verifier)): PKCE S256
      .addColumn('code_challenge', 'text', (c) => c.notNull())
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('instance_arn', 'text', (c) => c.notNull())
      .addColumn('identity_store_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('oidc_authorization_codes_expiry_idx').on('oidc_authorization_codes').columns(['expires_at']).execute();

    await db.schema
      .createTable('oidc_tokens')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      // access | refresh
      .addColumn('kind', 'text', (c) => c.notNull())
      // one sign-in of one client: every token its refreshes rotate into shares it, so Logout or a replayed refresh
      // token ends them all
      .addColumn('grant_id', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('instance_arn', 'text', (c) => c.notNull())
      .addColumn('identity_store_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      // the end of the grant: refresh tokens never outlive it
      .addColumn('grant_expires_at', 'bigint', (c) => c.notNull())
      .addColumn('revoked_at', 'bigint')
      .execute();
    await db.schema.createIndex('oidc_tokens_grant_idx').on('oidc_tokens').columns(['grant_id']).execute();
    await db.schema.createIndex('oidc_tokens_expiry_idx').on('oidc_tokens').columns(['grant_expires_at']).execute();
  },
};
