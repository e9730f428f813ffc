import type * as api from '../../aws/api/iam.js';
import type { OperationContext } from '../../aws/protocol/operation-context.js';
import type { AccountSettings, PasswordPolicySettings } from './account-settings.js';
import { iamErrors } from './errors.js';
import { inMemoryPage } from './pages.js';
import { account, page, truncation } from './provider-shapes.js';

// The caller account's alias and password policy on the wire. GetAccountSummary is provider.ts's.

type Implemented =
  | 'CreateAccountAlias'
  | 'DeleteAccountAlias'
  | 'ListAccountAliases'
  | 'UpdateAccountPasswordPolicy'
  | 'GetAccountPasswordPolicy'
  | 'DeleteAccountPasswordPolicy';

export class AccountProvider implements Pick<api.IamApi, Implemented> {
  constructor(private readonly settings: AccountSettings) {}

  async CreateAccountAlias(input: api.CreateAccountAliasRequest, ctx: OperationContext): Promise<void> {
    await this.settings.createAlias(account(ctx), input.AccountAlias);
  }

  async DeleteAccountAlias(input: api.DeleteAccountAliasRequest, ctx: OperationContext): Promise<void> {
    await this.settings.deleteAlias(account(ctx), input.AccountAlias);
  }

  async ListAccountAliases(input: api.ListAccountAliasesRequest, ctx: OperationContext): Promise<api.ListAccountAliasesResponse> {
    const accountId = account(ctx);
    const p = inMemoryPage(`iam:ListAccountAliases:${accountId}`, await this.settings.aliases(accountId), (alias) => alias, page(input));
    return { AccountAliases: p.items, ...truncation(p) };
  }

  async UpdateAccountPasswordPolicy(input: api.UpdateAccountPasswordPolicyRequest, ctx: OperationContext): Promise<void> {
    const given: Partial<PasswordPolicySettings> = {
      ...(input.MinimumPasswordLength !== undefined ? { minimumPasswordLength: input.MinimumPasswordLength } : {}),
      ...(input.RequireSymbols !== undefined ? { requireSymbols: input.RequireSymbols } : {}),
      ...(input.RequireNumbers !== undefined ? { requireNumbers: input.RequireNumbers } : {}),
      ...(input.RequireUppercaseCharacters !== undefined ? { requireUppercaseCharacters: input.RequireUppercaseCharacters } : {}),
      ...(input.RequireLowercaseCharacters !== undefined ? { requireLowercaseCharacters: input.RequireLowercaseCharacters } : {}),
      ...(input.AllowUsersToChangePassword !== undefined ? { allowUsersToChangePassword: input.AllowUsersToChangePassword } : {}),
      ...(input.MaxPasswordAge !== undefined ? { maxPasswordAge: input.MaxPasswordAge } : {}),
      ...(input.PasswordReusePrevention !== undefined ? { passwordReusePrevention: input.PasswordReusePrevention } : {}),
      ...(input.HardExpiry !== undefined ? { hardExpiry: input.HardExpiry } : {}),
    };
    await this.settings.setPasswordPolicy(account(ctx), given);
  }

  async GetAccountPasswordPolicy(_input: Record<string, never>, ctx: OperationContext): Promise<api.GetAccountPasswordPolicyResponse> {
    const accountId = account(ctx);
    const p = await this.settings.passwordPolicy(accountId);
    if (!p) throw iamErrors.noPasswordPolicy(accountId);
    return {
      PasswordPolicy: {
        MinimumPasswordLength: p.minimumPasswordLength,
        RequireSymbols: p.requireSymbols,
        RequireNumbers: p.requireNumbers,
        RequireUppercaseCharacters: p.requireUppercaseCharacters,
        RequireLowercaseCharacters: p.requireLowercaseCharacters,
        AllowUsersToChangePassword: p.allowUsersToChangePassword,
        // IAM derives ExpirePasswords and leaves out the settings that are off
        ExpirePasswords: p.maxPasswordAge > 0,
        ...(p.maxPasswordAge > 0 ? { MaxPasswordAge: p.maxPasswordAge } : {}),
        ...(p.passwordReusePrevention > 0 ? { PasswordReusePrevention: p.passwordReusePrevention } : {}),
        HardExpiry: p.hardExpiry,
      },
    };
  }

  async DeleteAccountPasswordPolicy(_input: Record<string, never>, ctx: OperationContext): Promise<void> {
    await this.settings.deletePasswordPolicy(account(ctx));
  }
}
