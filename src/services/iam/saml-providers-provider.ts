import type * as api from '../../aws/api/iam.js';
import type { OperationContext } from '../../aws/protocol/operation-context.js';
import { iamErrors } from './errors.js';
import { account, page, truncation, wholeSeconds } from './provider-shapes.js';
import type { SamlProviders } from './saml-providers.js';

// IAM SAML providers on the wire, scoped to the caller's account. Assertion encryption (AssertionEncryptionMode and
// the private keys) is not built: a request that sets it is refused (501) rather than half done.

type Implemented =
  | 'CreateSAMLProvider'
  | 'GetSAMLProvider'
  | 'ListSAMLProviders'
  | 'UpdateSAMLProvider'
  | 'DeleteSAMLProvider'
  | 'TagSAMLProvider'
  | 'UntagSAMLProvider'
  | 'ListSAMLProviderTags';

type Encryption = Pick<api.UpdateSAMLProviderRequest, 'AssertionEncryptionMode' | 'AddPrivateKey' | 'RemovePrivateKey'>;

function refuseEncryption(input: Encryption): void {
  if (input.AssertionEncryptionMode !== undefined || input.AddPrivateKey !== undefined || input.RemovePrivateKey !== undefined) {
    throw iamErrors.samlEncryptionNotImplemented();
  }
}

export class SamlProvidersProvider implements Pick<api.IamApi, Implemented> {
  constructor(private readonly providers: SamlProviders) {}

  async CreateSAMLProvider(input: api.CreateSAMLProviderRequest, ctx: OperationContext): Promise<api.CreateSAMLProviderResponse> {
    refuseEncryption(input);
    const { row, tags } = await this.providers.create({ accountId: account(ctx), name: input.Name, metadataDocument: input.SAMLMetadataDocument, tags: input.Tags });
    return { SAMLProviderArn: row.arn, ...(tags.length > 0 ? { Tags: tags } : {}) };
  }

  async GetSAMLProvider(input: api.GetSAMLProviderRequest, ctx: OperationContext): Promise<api.GetSAMLProviderResponse> {
    const { row, tags } = await this.providers.get(account(ctx), input.SAMLProviderArn);
    return {
      SAMLMetadataDocument: row.metadata_document,
      CreateDate: wholeSeconds(row.created_at),
      ValidUntil: wholeSeconds(row.valid_until),
      ...(tags.length > 0 ? { Tags: tags } : {}),
    };
  }

  async ListSAMLProviders(_input: api.ListSAMLProvidersRequest, ctx: OperationContext): Promise<api.ListSAMLProvidersResponse> {
    const rows = await this.providers.list(account(ctx));
    return { SAMLProviderList: rows.map((r) => ({ Arn: r.arn, ValidUntil: wholeSeconds(r.valid_until), CreateDate: wholeSeconds(r.created_at) })) };
  }

  async UpdateSAMLProvider(input: api.UpdateSAMLProviderRequest, ctx: OperationContext): Promise<api.UpdateSAMLProviderResponse> {
    refuseEncryption(input);
    if (input.SAMLMetadataDocument === undefined) throw iamErrors.noSamlUpdate();
    return { SAMLProviderArn: await this.providers.update(account(ctx), input.SAMLProviderArn, input.SAMLMetadataDocument) };
  }

  async DeleteSAMLProvider(input: api.DeleteSAMLProviderRequest, ctx: OperationContext): Promise<void> {
    await this.providers.delete(account(ctx), input.SAMLProviderArn);
  }

  async TagSAMLProvider(input: api.TagSAMLProviderRequest, ctx: OperationContext): Promise<void> {
    await this.providers.tag(account(ctx), input.SAMLProviderArn, input.Tags);
  }

  async UntagSAMLProvider(input: api.UntagSAMLProviderRequest, ctx: OperationContext): Promise<void> {
    await this.providers.untag(account(ctx), input.SAMLProviderArn, input.TagKeys);
  }

  async ListSAMLProviderTags(input: api.ListSAMLProviderTagsRequest, ctx: OperationContext): Promise<api.ListSAMLProviderTagsResponse> {
    const p = await this.providers.tagPage(account(ctx), input.SAMLProviderArn, page(input));
    return { Tags: p.items, ...truncation(p) };
  }
}
