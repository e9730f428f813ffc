import { ListAccountsCommand } from '@aws-sdk/client-organizations';
import { parseJson, type BenchCall } from '../measure-calls.js';
import type { Credentials, UnsignedCall } from '../signed-request.js';
import { organizationsCall } from '../signed-request.js';
import { organizationsClient, type SeededOrganization } from './seed.js';

/** MaxResults of every measured list call: a console- or CLI-sized page. */
export const pageSize = 20;

export interface WalkResult {
  readonly pages: number;
  readonly accounts: number;
  readonly seconds: number;
  readonly pagesPerSecond: number;
}

export interface DeepPage {
  /** The 1-based page whose NextToken is replayed: the measured call returns page `afterPage + 1`. */
  readonly afterPage: number;
  readonly nextToken: string;
  /** The account ids the walk got for page `afterPage + 1`: every replay must answer exactly these. */
  readonly accountIds: readonly string[];
}

/**
 * Walks ListAccounts (MaxResults 20) from the first page to the last with the SDK, one page at a time, as
 * `aws organizations list-accounts` does; checks that every account appears exactly once, and keeps the NextToken
 * after page `deepPage` (or the last page that has one, for a small organization) for the deep-page call.
 */
export async function walkAccounts(
  label: string,
  url: string,
  credentials: Credentials,
  organization: SeededOrganization,
  deepPage: number,
): Promise<{ walk: WalkResult; deep: DeepPage }> {
  const client = organizationsClient(url, credentials);
  try {
    const seen = new Set<string>();
    const tokens: string[] = [];
    const pages: string[][] = [];
    let token: string | undefined;
    const start = performance.now();
    do {
      const out = await client.send(new ListAccountsCommand({ MaxResults: pageSize, ...(token ? { NextToken: token } : {}) }));
      const ids = (out.Accounts ?? []).map((account) => account.Id ?? '');
      for (const id of ids) {
        if (seen.has(id)) throw new Error(`${label}: ListAccounts returned account ${id} twice while paging`);
        seen.add(id);
      }
      pages.push(ids);
      token = out.NextToken;
      if (token) tokens.push(token);
      if (pages.length > 100_000) throw new Error(`${label}: ListAccounts did not finish in 100,000 pages`);
    } while (token);
    const seconds = (performance.now() - start) / 1000;

    const missing = organization.accountIds.filter((id) => !seen.has(id));
    if (missing.length > 0) throw new Error(`${label}: ListAccounts never returned ${missing.length} seeded accounts, e.g. ${missing[0]}`);
    // The management account is listed too.
    if (seen.size !== organization.accountIds.length + 1) {
      throw new Error(`${label}: ListAccounts returned ${seen.size} accounts; expected ${organization.accountIds.length} + the management account`);
    }
    const afterPage = Math.min(deepPage, tokens.length);
    const nextToken = tokens[afterPage - 1];
    const accountIds = pages[afterPage];
    if (!nextToken || !accountIds) {
      throw new Error(`${label}: ListAccounts has a single page (${seen.size} accounts): no NextToken to replay; raise BENCH_ACCOUNTS`);
    }
    return {
      walk: {
        pages: pages.length,
        accounts: seen.size,
        seconds: Math.round(seconds * 100) / 100,
        pagesPerSecond: Math.round(pages.length / seconds),
      },
      deep: { afterPage, nextToken, accountIds },
    };
  } finally {
    client.destroy();
  }
}

/** One measured call (the shape every scenario's calls share). */
export type OrganizationsBenchCall = BenchCall;

const parse = parseJson;

const idsOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.map((item) => String((item as { Id?: unknown } | null)?.Id ?? '')) : [];

export interface CallInputs {
  readonly organization: SeededOrganization;
  readonly deep: DeepPage;
  /** Index of the OU whose accounts ListChildren lists. */
  readonly ouIndex: number;
  /** Index of the account DescribeAccount describes. */
  readonly accountIndex: number;
  readonly ous: number;
}

/** The middle OU and the middle account: neither the first row of a table nor the last. */
export function defaultInputs(organization: SeededOrganization, deep: DeepPage, ous: number): CallInputs {
  return {
    organization,
    deep,
    ouIndex: Math.floor(ous / 2),
    accountIndex: Math.floor(organization.accountIds.length / 2),
    ous,
  };
}

/** The four calls, built from one server's organization (ids and tokens differ between servers). */
export function benchCalls(inputs: CallInputs): OrganizationsBenchCall[] {
  const { organization, deep, ouIndex, accountIndex, ous } = inputs;
  const ouId = organization.ouIds[ouIndex]!;
  const ouAccounts = new Set(organization.accountIds.filter((_, i) => i % ous === ouIndex));
  const accountId = organization.accountIds[accountIndex]!;
  const accountsItems = (body: string): number => idsOf(parse(body)['Accounts']).length;

  return [
    {
      key: 'list-accounts-first-page',
      description: `ListAccounts {MaxResults: ${pageSize}}: the first page`,
      operation: 'ListAccounts',
      call: organizationsCall('ListAccounts', { MaxResults: pageSize }),
      check: (body) => {
        const reply = parse(body);
        const ids = idsOf(reply['Accounts']);
        if (ids.length !== pageSize) return `expected ${pageSize} Accounts, got ${ids.length}`;
        if (typeof reply['NextToken'] !== 'string') return 'expected a NextToken';
        return undefined;
      },
      items: accountsItems,
    },
    {
      key: 'list-accounts-deep-page',
      description:
        `ListAccounts {MaxResults: ${pageSize}, NextToken}: page ${deep.afterPage + 1}, replaying the NextToken the ` +
        `walk got with page ${deep.afterPage}`,
      operation: 'ListAccounts',
      call: organizationsCall('ListAccounts', { MaxResults: pageSize, NextToken: deep.nextToken }),
      check: (body) => {
        const ids = idsOf(parse(body)['Accounts']);
        if (ids.join(',') !== deep.accountIds.join(',')) {
          return `expected the ${deep.accountIds.length} accounts of page ${deep.afterPage + 1} as the walk saw them, got ${ids.length} others`;
        }
        return undefined;
      },
      items: accountsItems,
    },
    {
      key: 'list-children-accounts',
      description: `ListChildren {ParentId: <an OU with ${ouAccounts.size} accounts>, ChildType: ACCOUNT, MaxResults: ${pageSize}}`,
      operation: 'ListChildren',
      call: organizationsCall('ListChildren', { ParentId: ouId, ChildType: 'ACCOUNT', MaxResults: pageSize }),
      check: (body) => {
        const children = parse(body)['Children'];
        const ids = idsOf(children);
        // moto ignores MaxResults here and answers every child at once; more than a page is allowed, less is not.
        if (ids.length < Math.min(pageSize, ouAccounts.size)) return `expected ${Math.min(pageSize, ouAccounts.size)} Children, got ${ids.length}`;
        if (ids.length > ouAccounts.size) return `expected at most the OU's ${ouAccounts.size} accounts, got ${ids.length}`;
        const stranger = ids.find((id) => !ouAccounts.has(id));
        if (stranger !== undefined) return `account ${stranger} is not one of the OU's accounts`;
        const wrongType = (children as Array<{ Type?: unknown }>).find((child) => child.Type !== 'ACCOUNT');
        if (wrongType) return `expected Type ACCOUNT, got ${JSON.stringify(wrongType.Type)}`;
        return undefined;
      },
      items: (body) => idsOf(parse(body)['Children']).length,
    },
    {
      key: 'describe-account',
      description: 'DescribeAccount {AccountId: <an account in the middle of the list>}',
      operation: 'DescribeAccount',
      call: organizationsCall('DescribeAccount', { AccountId: accountId }),
      check: (body) => {
        const account = parse(body)['Account'] as { Id?: unknown; Email?: unknown } | undefined;
        if (account?.Id !== accountId) return `expected Account.Id ${accountId}, got ${JSON.stringify(account?.Id)}`;
        if (typeof account.Email !== 'string') return 'expected an Account.Email';
        return undefined;
      },
      items: (body) => (parse(body)['Account'] ? 1 : 0),
    },
  ];
}
