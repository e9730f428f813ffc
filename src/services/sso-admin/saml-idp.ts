import type { InstanceRow } from './store.js';

// Identity Center as the SAML identity provider of the accounts it provisions into: the metadata of the
// AWSSSO_<16 hex>_DO_NOT_DELETE SAML provider it keeps in each account, in the shape AWS writes it (an
// EntityDescriptor with an IDPSSODescriptor, its endpoints under the access portal, no validUntil). The signing
// certificate comes with the sign-in issue, which also makes these endpoints gatehouse's own; until then the
// document names AWS's portal in us-east-1.

const PORTAL = 'https://portal.sso.us-east-1.amazonaws.com';
const BINDINGS = ['HTTP-POST', 'HTTP-Redirect'] as const;
const NAME_ID_FORMATS = [
  'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
] as const;

export function identityCenterMetadata(instance: Pick<InstanceRow, 'arn'>): string {
  const id = instance.arn.slice(instance.arn.lastIndexOf('/') + 1);
  const service = (element: string, path: string) =>
    BINDINGS.map((b) => `    <md:${element} Binding="urn:oasis:names:tc:SAML:2.0:bindings:${b}" Location="${PORTAL}/saml/${path}/${id}"/>`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${PORTAL}/saml/assertion/${id}">`,
    '  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">',
    ...service('SingleLogoutService', 'logout'),
    ...NAME_ID_FORMATS.map((f) => `    <md:NameIDFormat>${f}</md:NameIDFormat>`),
    ...service('SingleSignOnService', 'assertion'),
    '  </md:IDPSSODescriptor>',
    '</md:EntityDescriptor>',
  ].join('\n');
}
