import { createHash } from 'node:crypto';
import { brotliDecompressSync } from 'node:zlib';
import { catalogueBrotliBase64 } from '../../aws/managed-policies/aws-managed-policies.js';
import { iamId } from './ids.js';

// The AWS managed policies (arn:aws:iam::aws:policy/...), read-only and the same in every account: the latest
// version of each, from the asset scripts/generate-managed-policies.mjs writes. Decompressed and indexed once, on
// first use (about 30 ms, 4 MB), so a server that never asks about AWS managed policies never pays for them.

export interface AwsManagedPolicy {
  readonly arn: string;
  readonly name: string;
  /** '/', '/service-role/', '/job-function/', '/aws-service-role/', ... */
  readonly path: string;
  /** AWS's id when the source has it; otherwise ANPA + 17 characters derived from the ARN (stable everywhere). */
  readonly policyId: string;
  readonly defaultVersionId: string;
  readonly description?: string;
  /** Epoch ms. */
  readonly createdAt: number;
  readonly updatedAt: number;
  /** When the default version was published (epoch ms). */
  readonly versionCreatedAt: number;
  /** The default version's document, minified JSON. */
  readonly document: string;
  /** Service-linked role policies (/aws-service-role/) are attached by AWS only. */
  readonly isAttachable: boolean;
}

interface AssetEntry {
  readonly arn: string;
  readonly name: string;
  readonly path: string;
  readonly defaultVersionId: string;
  readonly createDate: string;
  readonly updateDate: string;
  readonly versionCreateDate: string;
  readonly policyId?: string;
  readonly description?: string;
  readonly document: string;
}

interface Catalogue {
  readonly byArn: ReadonlyMap<string, AwsManagedPolicy>;
  /** By name, case-insensitively (then by ARN): the order ListPolicies pages in. */
  readonly sorted: readonly AwsManagedPolicy[];
}

/** ANPA + 17 base32 characters from the ARN's hash: the shape of an IAM policy id, the same on every server. */
function derivedPolicyId(arn: string): string {
  return iamId('ANPA', createHash('sha256').update(arn).digest());
}

let loaded: Catalogue | undefined;

function catalogue(): Catalogue {
  if (loaded) return loaded;
  const entries = JSON.parse(brotliDecompressSync(Buffer.from(catalogueBrotliBase64, 'base64')).toString('utf8')) as AssetEntry[];
  const policies = entries.map(
    (e): AwsManagedPolicy => ({
      arn: e.arn,
      name: e.name,
      path: e.path,
      policyId: e.policyId ?? derivedPolicyId(e.arn),
      defaultVersionId: e.defaultVersionId,
      ...(e.description !== undefined ? { description: e.description } : {}),
      createdAt: Date.parse(e.createDate),
      updatedAt: Date.parse(e.updateDate),
      versionCreatedAt: Date.parse(e.versionCreateDate),
      document: e.document,
      isAttachable: e.path !== '/aws-service-role/',
    }),
  );
  const key = (p: AwsManagedPolicy) => p.name.toLowerCase();
  const sorted = [...policies].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.arn < b.arn ? -1 : 1));
  loaded = { byArn: new Map(policies.map((p) => [p.arn, p])), sorted };
  return loaded;
}

/** arn:aws:iam::aws:policy/...: the form every AWS managed policy ARN has (whether or not it names one). */
export function isAwsManagedPolicyArn(arn: string): boolean {
  return arn.startsWith('arn:aws:iam::aws:policy/');
}

export const awsManagedCatalogue = {
  /** The policy with this ARN (exact, case-sensitive, as IAM matches ARNs), or undefined. */
  get(arn: string): AwsManagedPolicy | undefined {
    return isAwsManagedPolicyArn(arn) ? catalogue().byArn.get(arn) : undefined;
  },
  exists(arn: string): boolean {
    return this.get(arn) !== undefined;
  },
  /** Every policy whose path starts with pathPrefix (all when absent), by name. */
  list(pathPrefix?: string): readonly AwsManagedPolicy[] {
    const all = catalogue().sorted;
    return pathPrefix === undefined || pathPrefix === '/' ? all : all.filter((p) => p.path.startsWith(pathPrefix));
  },
  get size(): number {
    return catalogue().sorted.length;
  },
};
