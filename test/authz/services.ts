// The seven services' authz tables beside their generated models and their IAM service prefix, for the table tests.
import * as iamApi from '../../src/aws/api/iam.js';
import * as identitystoreApi from '../../src/aws/api/identitystore.js';
import * as organizationsApi from '../../src/aws/api/organizations.js';
import * as ssoAdminApi from '../../src/aws/api/sso-admin.js';
import * as ssoOidcApi from '../../src/aws/api/sso-oidc.js';
import * as ssoApi from '../../src/aws/api/sso.js';
import * as stsApi from '../../src/aws/api/sts.js';
import type { AuthzTable } from '../../src/aws/authz/types.js';
import type { ServiceModel } from '../../src/aws/protocol/model.js';
import * as iam from '../../src/services/iam/authz.js';
import * as identitystore from '../../src/services/identitystore/authz.js';
import * as organizations from '../../src/services/organizations/authz.js';
import * as ssoAdmin from '../../src/services/sso-admin/authz.js';
import * as ssoOidc from '../../src/services/sso-oidc/authz.js';
import * as ssoPortal from '../../src/services/sso-portal/authz.js';
import * as sts from '../../src/services/sts/authz.js';

export interface AuthzService {
  /** The botocore name of the model (src/aws/api/<name>.ts). */
  readonly name: string;
  /** The IAM service prefix of its actions; null for the portal, which IAM does not know. */
  readonly prefix: string | null;
  readonly table: AuthzTable;
  readonly resolverNames: readonly string[];
  readonly model: ServiceModel;
  readonly operationNames: readonly string[];
  /** Operations in the current model, as counted when the tables were written. */
  readonly operationCount: number;
  /** The operations IAM does not authorize (action null). */
  readonly unauthorized: readonly string[];
}

export const authzServices: readonly AuthzService[] = [
  {
    name: 'organizations',
    prefix: 'organizations',
    table: organizations.authz,
    resolverNames: organizations.resolverNames,
    model: organizationsApi.model,
    operationNames: organizationsApi.operationNames,
    operationCount: 63,
    unauthorized: [],
  },
  {
    name: 'sso-admin',
    prefix: 'sso',
    table: ssoAdmin.authz,
    resolverNames: ssoAdmin.resolverNames,
    model: ssoAdminApi.model,
    operationNames: ssoAdminApi.operationNames,
    operationCount: 79,
    unauthorized: [],
  },
  {
    name: 'identitystore',
    prefix: 'identitystore',
    table: identitystore.authz,
    resolverNames: identitystore.resolverNames,
    model: identitystoreApi.model,
    operationNames: identitystoreApi.operationNames,
    operationCount: 19,
    unauthorized: [],
  },
  {
    name: 'sso',
    prefix: null,
    table: ssoPortal.authz,
    resolverNames: ssoPortal.resolverNames,
    model: ssoApi.model,
    operationNames: ssoApi.operationNames,
    operationCount: 4,
    unauthorized: ['GetRoleCredentials', 'ListAccountRoles', 'ListAccounts', 'Logout'],
  },
  {
    name: 'sso-oidc',
    prefix: 'sso-oauth',
    table: ssoOidc.authz,
    resolverNames: ssoOidc.resolverNames,
    model: ssoOidcApi.model,
    operationNames: ssoOidcApi.operationNames,
    operationCount: 4,
    unauthorized: ['CreateToken', 'RegisterClient', 'StartDeviceAuthorization'],
  },
  {
    name: 'sts',
    prefix: 'sts',
    table: sts.authz,
    resolverNames: sts.resolverNames,
    model: stsApi.model,
    operationNames: stsApi.operationNames,
    operationCount: 11,
    unauthorized: [],
  },
  {
    name: 'iam',
    prefix: 'iam',
    table: iam.authz,
    resolverNames: iam.resolverNames,
    model: iamApi.model,
    operationNames: iamApi.operationNames,
    operationCount: 176,
    // The Service Authorization Reference lists no action for it: the delegation request's owner may update it.
    unauthorized: ['UpdateDelegationRequest'],
  },
];
