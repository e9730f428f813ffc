import { usageError } from '../errors.js';

// Profile names for populate: a template over the account and role, a prefix, characters every SDK's INI parser
// takes in a section name, and no two profiles with one name: accounts with the same name are told apart by their
// id, and a name the user already has outside the block is never taken over.

export const defaultTemplate = '{account_name}/{role_name}';

/** What the SDK v3 INI parser accepts in a profile name (smithy parseIni's prefixKeyRegex), minus `/` in parts. */
const safePart = /[^A-Za-z0-9_\-@+.%:]+/g;
const safeName = /^[A-Za-z0-9_\-@+.%:/]+$/;
const placeholders = ['account_name', 'account_id', 'role_name', 'sso_session'] as const;
type Placeholder = (typeof placeholders)[number];

export interface NameInput {
  readonly accountId: string;
  readonly accountName: string;
  readonly roleName: string;
  /** The account's email, as ListAccounts gives it (recorded for the picker; not part of any name). */
  readonly accountEmail?: string | undefined;
}

export interface NamedProfile extends NameInput {
  readonly name: string;
}

export function checkTemplate(template: string, prefix: string): void {
  const unknown = [...template.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!).filter((p) => !(placeholders as readonly string[]).includes(p));
  if (unknown.length > 0) throw usageError(`--template knows ${placeholders.map((p) => `{${p}}`).join(', ')}, not {${unknown.join('}, {')}}`);
  const literal = template.replace(/\{[^}]*\}/g, 'x');
  if (!safeName.test(literal)) throw usageError(`--template may only hold letters, digits and _-@+.%:/ around its placeholders: ${template}`);
  if (prefix !== '' && !safeName.test(prefix)) throw usageError(`--prefix may only hold letters, digits and _-@+.%:/: ${prefix}`);
}

/** A name part: whitespace and anything a section name cannot hold become '-'. */
export function sanitize(value: string): string {
  return value.trim().replace(safePart, '-');
}

function render(template: string, prefix: string, values: Readonly<Record<Placeholder, string>>): string {
  return prefix + template.replace(/\{(\w+)\}/g, (_, key: Placeholder) => sanitize(values[key]));
}

export interface NamePlan {
  readonly profiles: NamedProfile[];
  /** Account and role pairs left out because every name for them was taken outside the block. */
  readonly skipped: (NameInput & { readonly name: string })[];
}

export function nameProfiles(inputs: readonly NameInput[], options: { template: string; prefix: string; session: string; taken: ReadonlySet<string> }): NamePlan {
  const { template, prefix, session, taken } = options;
  const plain = (input: NameInput) => render(template, prefix, { account_name: input.accountName, account_id: input.accountId, role_name: input.roleName, sso_session: session });
  // The account's id added to its name part (or to the end when the template has no account name).
  const qualified = (input: NameInput) =>
    template.includes('{account_name}')
      ? render(template, prefix, { account_name: `${input.accountName}-${input.accountId}`, account_id: input.accountId, role_name: input.roleName, sso_session: session })
      : `${plain(input)}-${input.accountId}`;

  const counts = new Map<string, Set<string>>();
  for (const input of inputs) {
    const name = plain(input);
    counts.set(name, (counts.get(name) ?? new Set()).add(input.accountId));
  }
  const profiles: NamedProfile[] = [];
  const skipped: NamePlan['skipped'] = [];
  const used = new Set<string>();
  for (const input of inputs) {
    let name = plain(input);
    if (counts.get(name)!.size > 1 || taken.has(name)) name = qualified(input);
    if (taken.has(name) || used.has(name)) {
      skipped.push({ ...input, name });
      continue;
    }
    used.add(name);
    profiles.push({ ...input, name });
  }
  return { profiles, skipped };
}
