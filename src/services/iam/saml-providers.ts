import type { Kysely } from 'kysely';
import { partition } from '../../lib/arn.js';
import type { Clock } from '../../lib/clock.js';
import type { Page, PageRequest } from '../../lib/keyset-pages.js';
import type { Store } from '../../store/database.js';
import type { Database, IamSamlProvidersTable } from '../../store/schema.js';
import { isUniqueViolation } from '../../store/unique-violation.js';
import { iamErrors } from './errors.js';
import { checkTagKeys, type IamTags, type Tag } from './tags.js';

// IAM SAML providers, account-scoped: an account's trust in an external identity provider, named by ARN
// (arn:aws:iam::<account>:saml-provider/<name>, names unique per account compared case-insensitively). The metadata
// document must be SAML 2.0 metadata of an identity provider (an EntityDescriptor with an IDPSSODescriptor);
// ValidUntil is the EntityDescriptor's validUntil, or a hundred years on when it has none, as AWS reports it.
// Identity Center's AWSSSO_<16 hex>_DO_NOT_DELETE provider in each account it provisions into is made through
// `ensureSamlProvider` (IamDomain), not this API.

type Db = Kysely<Database>;
export type SamlProviderRow = IamSamlProvidersTable;

/** The quota LimitExceeded names when a provider would carry more than 50 tags. */
const TAG_QUOTA = 'TagsPerSAMLProvider';
const PROVIDER_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):saml-provider\/([\w._-]+)$/;

export const samlProviderArn = (accountId: string, name: string): string => `arn:${partition}:iam::${accountId}:saml-provider/${name}`;

/**
 * The metadata document's expiry (epoch ms; its root EntityDescriptor's validUntil), or undefined when it sets none.
 * InvalidInput when the document is not SAML 2.0 metadata of an identity provider. A shape check, not an XML parser:
 * IAM reads the provider's entity and validity, which is all that is kept.
 */
export function metadataValidUntil(document: string): number | undefined {
  const root = /^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:([A-Za-z_][\w.-]*):)?EntityDescriptor\b([^>]*)>/.exec(document);
  if (!root) throw iamErrors.invalidSamlMetadata();
  const prefix = root[1] !== undefined ? `${root[1]}:` : '';
  if (!new RegExp(`</${prefix}EntityDescriptor\\s*>\\s*$`).test(document)) throw iamErrors.invalidSamlMetadata();
  if (!/<(?:[A-Za-z_][\w.-]*:)?IDPSSODescriptor\b/.test(document)) throw iamErrors.invalidSamlMetadata();
  const validUntil = /\svalidUntil\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(root[2] ?? '');
  if (!validUntil) return undefined;
  const at = Date.parse(validUntil[1] ?? validUntil[2] ?? '');
  if (Number.isNaN(at)) throw iamErrors.invalidSamlMetadata();
  return at;
}

/** ValidUntil for a document: its own, else a hundred years from `now`. */
function validUntilOf(document: string, now: number): number {
  const own = metadataValidUntil(document);
  if (own !== undefined) return own;
  const until = new Date(now);
  until.setUTCFullYear(until.getUTCFullYear() + 100);
  return until.getTime();
}

export interface NewSamlProvider {
  readonly accountId: string;
  readonly name: string;
  readonly metadataDocument: string;
}

/**
 * Makes the account's SAML provider of that name unless it exists (a service's own provider, such as Identity
 * Center's), in the caller's transaction; concurrent callers make one. Returns its ARN.
 */
export async function ensureSamlProvider(db: Db, input: NewSamlProvider, now: number): Promise<string> {
  const arn = samlProviderArn(input.accountId, input.name);
  await db
    .insertInto('iam_saml_providers')
    .values({
      arn,
      account_id: input.accountId,
      name: input.name,
      metadata_document: input.metadataDocument,
      created_at: now,
      valid_until: validUntilOf(input.metadataDocument, now),
    })
    .onConflict((oc) => oc.column('arn').doNothing())
    .execute();
  return arn;
}

export interface SamlProviderView {
  readonly row: SamlProviderRow;
  readonly tags: readonly Tag[];
}

export class SamlProviders {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly tags: IamTags,
  ) {}

  async create(input: NewSamlProvider & { readonly tags?: readonly Tag[] | undefined }): Promise<SamlProviderView> {
    checkTagKeys(input.tags ?? []);
    const now = this.clock.now().getTime();
    const validUntil = validUntilOf(input.metadataDocument, now);
    return this.store.transaction(async (trx) => {
      if (await this.named(trx, input.accountId, input.name)) throw iamErrors.samlProviderExists(input.name);
      const row: SamlProviderRow = {
        arn: samlProviderArn(input.accountId, input.name),
        account_id: input.accountId,
        name: input.name,
        metadata_document: input.metadataDocument,
        created_at: now,
        valid_until: validUntil,
      };
      try {
        await trx.insertInto('iam_saml_providers').values(row).execute();
      } catch (error) {
        if (isUniqueViolation(error)) throw iamErrors.samlProviderExists(input.name);
        throw error;
      }
      if (input.tags !== undefined && input.tags.length > 0) await this.tags.tag(trx, row.arn, input.tags, TAG_QUOTA);
      return { row, tags: await this.tags.list(row.arn, trx) };
    });
  }

  async get(accountId: string, arn: string): Promise<SamlProviderView> {
    const row = await this.provider(this.store.db, accountId, arn);
    return { row, tags: await this.tags.list(row.arn) };
  }

  /** The account's providers, by name. */
  async list(accountId: string): Promise<SamlProviderRow[]> {
    return await this.store.db.selectFrom('iam_saml_providers').selectAll().where('account_id', '=', accountId).orderBy('name').execute();
  }

  /** How many the account has (GetAccountSummary's Providers). */
  async count(accountId: string): Promise<number> {
    const row = await this.store.db
      .selectFrom('iam_saml_providers')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** A new metadata document (and with it ValidUntil); returns the provider's ARN. */
  async update(accountId: string, arn: string, metadataDocument: string): Promise<string> {
    const validUntil = validUntilOf(metadataDocument, this.clock.now().getTime());
    return this.store.transaction(async (trx) => {
      const row = await this.provider(trx, accountId, arn);
      await trx
        .updateTable('iam_saml_providers')
        .set({ metadata_document: metadataDocument, valid_until: validUntil })
        .where('arn', '=', row.arn)
        .execute();
      return row.arn;
    });
  }

  async delete(accountId: string, arn: string): Promise<void> {
    await this.store.transaction(async (trx) => {
      const row = await this.provider(trx, accountId, arn);
      await this.tags.deleteAll(trx, row.arn);
      await trx.deleteFrom('iam_saml_providers').where('arn', '=', row.arn).execute();
    });
  }

  async tag(accountId: string, arn: string, tags: readonly Tag[]): Promise<void> {
    await this.store.transaction(async (trx) => {
      const row = await this.provider(trx, accountId, arn);
      await this.tags.tag(trx, row.arn, tags, TAG_QUOTA);
    });
  }

  async tagPage(accountId: string, arn: string, request: PageRequest): Promise<Page<Tag>> {
    const row = await this.provider(this.store.db, accountId, arn);
    return this.tags.page(row.arn, `iam:ListSAMLProviderTags:${row.arn}`, request);
  }

  async untag(accountId: string, arn: string, keys: readonly string[]): Promise<void> {
    await this.store.transaction(async (trx) => {
      const row = await this.provider(trx, accountId, arn);
      await this.tags.untag(trx, row.arn, keys);
    });
  }

  /** The provider an ARN names in the caller's account (its name compared case-insensitively): InvalidInput for
   * what is not a SAML provider ARN, NoSuchEntity for a provider of another account or none. */
  private async provider(db: Db, accountId: string, arn: string): Promise<SamlProviderRow> {
    const parts = PROVIDER_ARN.exec(arn);
    if (!parts) throw iamErrors.invalidArn(arn);
    const row = parts[1] === accountId ? await this.named(db, accountId, parts[2] ?? '') : undefined;
    if (!row) throw iamErrors.noSuchSamlProvider(arn);
    return row;
  }

  private async named(db: Db, accountId: string, name: string): Promise<SamlProviderRow | undefined> {
    return await db
      .selectFrom('iam_saml_providers')
      .selectAll()
      .where('account_id', '=', accountId)
      .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
      .executeTakeFirst();
  }
}
