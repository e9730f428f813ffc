import type { ServiceDefinition } from '../aws/protocol/service-definition.js';
import { iamService } from '../services/iam/index.js';
import { identitystoreService } from '../services/identitystore/index.js';
import { organizationsService } from '../services/organizations/index.js';
import { ssoAdminService } from '../services/sso-admin/index.js';
import { ssoOidcService } from '../services/sso-oidc/index.js';
import { ssoPortalService } from '../services/sso-portal/index.js';
import { stsService } from '../services/sts/index.js';

/** Every AWS service the edge serves, in the order docs/coverage.md lists them. */
export function allServices(): ServiceDefinition[] {
  return [
    organizationsService(),
    ssoAdminService(),
    identitystoreService(),
    ssoPortalService(),
    ssoOidcService(),
    stsService(),
    iamService(),
  ];
}
