import { setTimeout as sleep } from 'node:timers/promises';
import { errorName, httpStatus, type SsoClients } from './aws-clients.js';

// Every account the signed-in person may use and their roles in it: ListAccounts pages, then one ListAccountRoles
// (paged) per account, a few at a time. The portal allows about 20 calls a second (Granted #811, aws-sso-util #112):
// a throttled call, or a 5xx or network failure, is retried with exponential back-off and jitter, and a throttle
// pauses every worker, so the pace settles under the limit instead of hammering it.

export interface AccountRoles {
  readonly accountId: string;
  readonly accountName: string;
  readonly emailAddress: string | undefined;
  readonly roles: readonly string[];
}

export interface ListingOptions {
  /** ListAccountRoles calls in flight. */
  readonly concurrency?: number;
  readonly maxAttempts?: number;
  /** Called after each account's roles are known. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Called when a call is throttled and will be retried. */
  readonly onThrottle?: () => void;
}

const pageSize = 100;
const baseDelayMs = 250;
const maxDelayMs = 10_000;

export async function listAccountRoles(accessToken: string, clients: SsoClients, options: ListingOptions = {}): Promise<AccountRoles[]> {
  const { ListAccountsCommand, ListAccountRolesCommand } = await clients.commands();
  const portal = await clients.portal();
  const retrying = retrier(options);

  const accounts: { accountId: string; accountName: string; emailAddress: string | undefined }[] = [];
  let nextToken: string | undefined;
  do {
    const page = await retrying(() => portal.send(new ListAccountsCommand({ accessToken, maxResults: pageSize, ...(nextToken ? { nextToken } : {}) })));
    for (const account of page.accountList ?? []) {
      if (account.accountId) accounts.push({ accountId: account.accountId, accountName: account.accountName ?? account.accountId, emailAddress: account.emailAddress });
    }
    nextToken = page.nextToken || undefined;
  } while (nextToken);

  const results: AccountRoles[] = new Array(accounts.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < accounts.length) {
      const index = next++;
      const account = accounts[index]!;
      const roles: string[] = [];
      let token: string | undefined;
      do {
        const page = await retrying(() =>
          portal.send(new ListAccountRolesCommand({ accessToken, accountId: account.accountId, maxResults: pageSize, ...(token ? { nextToken: token } : {}) })),
        );
        for (const role of page.roleList ?? []) if (role.roleName) roles.push(role.roleName);
        token = page.nextToken || undefined;
      } while (token);
      results[index] = { ...account, roles };
      options.onProgress?.(++done, accounts.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 8, accounts.length)) }, worker));
  return results;
}

export function isRetryable(error: unknown): boolean {
  const name = errorName(error);
  const status = httpStatus(error);
  if (name === 'TooManyRequestsException' || name === 'ThrottlingException' || status === 429) return true;
  if (status !== undefined && status >= 500) return true;
  const code = (error as { code?: string } | undefined)?.code;
  return status === undefined && (name === 'TimeoutError' || ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT'].includes(code ?? ''));
}

/** Wraps calls in the shared back-off: one pause for all workers after a throttle. */
function retrier(options: ListingOptions): <T>(call: () => Promise<T>) => Promise<T> {
  const maxAttempts = options.maxAttempts ?? 10;
  let pausedUntil = 0;
  return async (call) => {
    for (let attempt = 1; ; attempt++) {
      const wait = pausedUntil - Date.now();
      if (wait > 0) await sleep(wait);
      try {
        return await call();
      } catch (error) {
        if (attempt >= maxAttempts || !isRetryable(error)) throw error;
        const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
        pausedUntil = Math.max(pausedUntil, Date.now() + delay);
        options.onThrottle?.();
      }
    }
  };
}
