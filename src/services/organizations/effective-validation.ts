import type { Principal } from '../../aws/auth/principal.js';
import type { AccountView, OrgCore } from './core.js';
import { orgErrors } from './errors.js';
import { encodePageToken } from '../../lib/page-token.js';
import { pageCursor, toPage, type Page, type PageRequest } from './pagination.js';
import type { EffectivePolicyValidationFinding } from './ports.js';

// Accounts whose effective management policy fails validation, and the errors of one account's: the policies part
// computes effective policies (PolicyHooks.effectivePolicyValidationErrors); the core walks the accounts.

/** Accounts examined per ListAccountsWithInvalidEffectivePolicy call: a page may come back short with a NextToken,
 * as AWS allows, rather than evaluating every account of a large organization in one request. */
export const ACCOUNTS_SCANNED_PER_PAGE = 200;

export interface ValidationErrorsView {
  readonly accountId: string;
  readonly policyType: string;
  readonly path: string;
  readonly evaluatedAt: number;
  readonly page: Page<EffectivePolicyValidationFinding>;
}

export class EffectiveValidationDomain {
  constructor(private readonly core: OrgCore) {}

  async accountsWithInvalidEffectivePolicy(principal: Principal, policyType: string, request: PageRequest): Promise<Page<AccountView>> {
    const { core } = this;
    const caller = await core.requireReader(principal);
    const scope = `organizations:ListAccountsWithInvalidEffectivePolicy:${caller.org.id}:${policyType}`;
    const { limit, after } = pageCursor(scope, request);
    const validate = core.hooks.effectivePolicyValidationErrors.bind(core.hooks);
    const invalid: AccountView[] = [];
    let cursor = after;
    let exhausted = false;
    let scanned = 0;
    scan: while (!exhausted && scanned < ACCOUNTS_SCANNED_PER_PAGE && invalid.length < limit) {
      const want = Math.min(50, ACCOUNTS_SCANNED_PER_PAGE - scanned);
      const batch = await core.q.members(core.db, caller.org.id, cursor, want + 1);
      const members = batch.slice(0, want);
      exhausted = batch.length <= want;
      for (const [i, member] of members.entries()) {
        scanned++;
        cursor = member.account_id;
        const errors = await validate(caller.facts, member.account_id, policyType);
        if (errors && errors.length > 0) invalid.push(...(await core.accountViews(caller.org, [member])));
        if (invalid.length >= limit) {
          if (i < members.length - 1) exhausted = false;
          break scan;
        }
      }
    }
    // The token continues after the last account examined, whether or not it was invalid.
    return exhausted || cursor === undefined ? { items: invalid } : { items: invalid, nextToken: encodePageToken(scope, cursor) };
  }

  async validationErrors(principal: Principal, accountId: string, policyType: string, request: PageRequest): Promise<ValidationErrorsView> {
    const { core } = this;
    const caller = await core.requireReader(principal);
    const scope = `organizations:ListEffectivePolicyValidationErrors:${caller.org.id}:${accountId}:${policyType}`;
    const { limit, after } = pageCursor(scope, request);
    const account = await core.accountViewOf(caller.org, accountId);
    if (!account) throw orgErrors.accountNotFound();
    const errors = await core.hooks.effectivePolicyValidationErrors(caller.facts, accountId, policyType);
    if (errors === undefined) throw orgErrors.effectivePolicyNotFound();
    const start = after === undefined ? 0 : Number(after) + 1;
    if (!Number.isSafeInteger(start) || start < 0) throw orgErrors.invalidNextToken();
    const indexed = errors.map((error, index) => ({ error, index })).slice(start, start + limit + 1);
    return {
      accountId,
      policyType,
      path: account.paths[0] ?? '',
      evaluatedAt: core.now(),
      page: toPage(scope, indexed, limit, (e) => String(e.index), (e) => e.error),
    };
  }
}
