import type { SessionAttributes } from '../../aws/auth/principal.js';
import { stsErrors } from './errors.js';

// What a new session carries beyond its identity, checked as STS checks it: session tags (with the transitive tags of
// the calling session inherited and not overridable), transitive tag keys, and the size the session policies and tags
// take once packed. Pure: the caller has already checked that the policy is a policy and the ARNs name policies.
//
// Packed size. AWS packs session policies and tags into a binary form of its own and refuses a session whose packed
// form is over 100% of the space allotted (PackedPolicyTooLarge), answering the percentage as PackedPolicySize. The
// form is not public; gatehouse counts characters: the policy minified plus the managed policy ARNs against 700
// characters, and every tag's key and value against 500. The allotments are set from what AWS is seen to answer: a
// small one-statement policy packs to 16%, one granting 31 actions (about 860 characters minified) to about 118% and 42
// actions to about 157%; session tags run out "long before 50 tags" (half a dozen long EKS tags and a few more pass
// 130%). Policies AWS would pack a little better or worse than this count are the documented difference.

const POLICY_ALLOTMENT = 700;
const TAGS_ALLOTMENT = 500;

export interface SessionTag {
  readonly key: string;
  readonly value: string;
}

export interface RequestedContents {
  readonly policy?: string | undefined;
  readonly policyArns?: readonly string[] | undefined;
  readonly tags?: readonly SessionTag[] | undefined;
  /** AssumeRole only. */
  readonly transitiveTagKeys?: readonly string[] | undefined;
}

export interface SessionContents {
  readonly attributes: Omit<SessionAttributes, 'issuedAt'>;
  /** Undefined when the request passed neither session policies nor tags (AWS then leaves it out). */
  readonly packedPolicySize: number | undefined;
}

/**
 * The session policies and tags of a new session, from the request and (for AssumeRole from a role session) the
 * calling session, whose transitive tags pass on. Throws STS's errors for duplicate keys, transitive keys that are not
 * tags, tags that override inherited transitive ones, and contents too large once packed.
 */
export function sessionContents(request: RequestedContents, caller: SessionAttributes | undefined): SessionContents {
  const requested = request.tags ?? [];
  const lower = requested.map((t) => t.key.toLowerCase());
  if (new Set(lower).size !== lower.length) throw stsErrors.duplicateTagKeys();
  const transitive = request.transitiveTagKeys ?? [];
  if (transitive.some((key) => !lower.includes(key.toLowerCase()))) throw stsErrors.transitiveKeyNotInTags();

  const inherited = inheritedTags(caller);
  if (lower.some((key) => inherited.some((t) => t.key.toLowerCase() === key))) throw stsErrors.transitiveKeyConflict();
  const tags = [...inherited, ...requested];
  const transitiveKeys = [...inherited.map((t) => t.key), ...dedupe(transitive)];

  const policyPercent = percent(packedPolicyLength(request.policy, request.policyArns ?? []), POLICY_ALLOTMENT);
  if (policyPercent > 100) throw stsErrors.packedPolicyTooLarge(policyPercent);
  const tagsPercent = percent(tags.reduce((n, t) => n + t.key.length + t.value.length, 0), TAGS_ALLOTMENT);
  if (tagsPercent > 100) throw stsErrors.packedTagsTooLarge(tagsPercent);

  const passed = request.policy !== undefined || (request.policyArns?.length ?? 0) > 0 || tags.length > 0;
  return {
    attributes: {
      ...(request.policy !== undefined ? { policy: request.policy } : {}),
      ...(request.policyArns?.length ? { policyArns: [...request.policyArns] } : {}),
      ...(tags.length > 0 ? { tags: Object.fromEntries(tags.map((t) => [t.key, t.value])) } : {}),
      ...(transitiveKeys.length > 0 ? { transitiveTagKeys: transitiveKeys } : {}),
    },
    packedPolicySize: passed ? Math.max(policyPercent, tagsPercent) : undefined,
  };
}

/** The calling session's transitive tags, which a session it creates (role chaining) carries as its own. */
function inheritedTags(caller: SessionAttributes | undefined): SessionTag[] {
  const tags = caller?.tags ?? {};
  const out: SessionTag[] = [];
  for (const key of caller?.transitiveTagKeys ?? []) {
    const entry = Object.entries(tags).find(([k]) => k.toLowerCase() === key.toLowerCase());
    if (entry) out.push({ key: entry[0], value: entry[1] });
  }
  return out;
}

function packedPolicyLength(policy: string | undefined, policyArns: readonly string[]): number {
  const minified = policy === undefined ? '' : JSON.stringify(JSON.parse(policy));
  return minified.length + policyArns.reduce((n, arn) => n + arn.length, 0);
}

const percent = (length: number, allotment: number): number => Math.ceil((length * 100) / allotment);

function dedupe(keys: readonly string[]): string[] {
  const seen = new Set<string>();
  return keys.filter((key) => !seen.has(key.toLowerCase()) && seen.add(key.toLowerCase()));
}
