import type {
  CreateTokenRequest,
  CreateTokenResponse,
  RegisterClientRequest,
  RegisterClientResponse,
  SsoOidcApi,
  StartDeviceAuthorizationRequest,
  StartDeviceAuthorizationResponse,
} from '../../aws/api/sso-oidc.js';
import type { OperationContext } from '../../aws/protocol/operation-context.js';
import type { ClientsDomain } from './clients.js';
import type { OidcCore } from './core.js';
import type { DeviceAuthorizations } from './device-authorization.js';
import { oidcErrors } from './errors.js';
import type { GrantContext } from './grants/grant.js';
import { grants } from './grants/registry.js';

// sso-oidc, wire <-> domain. All three operations are unsigned: the client secret, device code, authorization code
// or refresh token is the credential. CreateTokenWithIAM (signed, for applications) is not implemented.

export class SsoOidcProvider implements Partial<SsoOidcApi> {
  constructor(
    private readonly core: OidcCore,
    private readonly clients: ClientsDomain,
    private readonly devices: DeviceAuthorizations,
    private readonly grantContext: GrantContext,
  ) {}

  async RegisterClient(input: RegisterClientRequest, ctx: OperationContext): Promise<RegisterClientResponse> {
    return this.clients.register(input, ctx.origin);
  }

  async StartDeviceAuthorization(input: StartDeviceAuthorizationRequest, ctx: OperationContext): Promise<StartDeviceAuthorizationResponse> {
    const client = await this.core.authenticateClient(input.clientId, input.clientSecret);
    return this.devices.start(client, input.startUrl, ctx.origin);
  }

  async CreateToken(input: CreateTokenRequest): Promise<CreateTokenResponse> {
    const client = await this.core.authenticateClient(input.clientId, input.clientSecret);
    const grant = grants.get(input.grantType);
    if (!grant) throw oidcErrors.unsupportedGrantType(input.grantType);
    return grant.createToken(this.grantContext, client, input);
  }
}
