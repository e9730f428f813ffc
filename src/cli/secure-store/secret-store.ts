import { usageError } from '../errors.js';

// Where gatehouse keeps the secrets that are its own (no other tool reads them): the role credentials that
// `assume` and `credential-process` cache, and the refresh token of a sign-in made with --private-refresh-token.
// Two implementations of one small interface: the OS keychain (keychain-store.ts, through the optional
// @napi-rs/keyring) and 0600 files (file-store.ts). The sign-in itself stays in the AWS CLI's token cache, which
// aws, boto3, the SDKs and the SSM plugin read: see docs/architecture.md (Clients, token storage).

export interface SecretStore {
  readonly kind: 'keychain' | 'file';
  /** Where the secrets are, for messages: "the OS keychain (service gatehouse)", a folder. */
  readonly where: string;
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** The keys that start with `prefix`. */
  keys(prefix: string): Promise<string[]>;
}

export const tokenStoreChoices = ['auto', 'keychain', 'file'] as const;
export type TokenStoreChoice = (typeof tokenStoreChoices)[number];

/** The environment variable that chooses the store when no --token-store is given. */
export const tokenStoreVariable = 'GATEHOUSE_TOKEN_STORE';

export function parseTokenStore(value: string | undefined): TokenStoreChoice {
  const choice = (value ?? '').trim().toLowerCase() || 'auto';
  if ((tokenStoreChoices as readonly string[]).includes(choice)) return choice as TokenStoreChoice;
  throw usageError(`unknown token store '${value}' (--token-store or ${tokenStoreVariable}): use auto, keychain or file`);
}

/** Keys are a kind and a hex digest, so they are safe as file names and keychain accounts alike. */
export function checkKey(key: string): string {
  if (!/^[a-z][a-z0-9-]*\.[0-9a-f]{8,64}$/.test(key)) throw new Error(`not a secret store key: ${key}`);
  return key;
}
