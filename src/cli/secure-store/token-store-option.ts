import { Option, type Command } from 'commander';
import { tokenStoreChoices, tokenStoreVariable } from './secret-store.js';

/** --token-store on a command that touches gatehouse's secrets; it sets GATEHOUSE_TOKEN_STORE for the whole run. */
export function withTokenStoreOption(command: Command): Command {
  return command
    .addOption(
      new Option('--token-store <store>', `where gatehouse keeps its own secrets: the OS keychain, else 0600 files (auto), or only one of them (default: $${tokenStoreVariable}, else auto)`).choices(tokenStoreChoices),
    )
    .hook('preAction', (_, action) => {
      // With globals: on a command with subcommands (credential-server) the option is the parent's.
      const chosen = action.optsWithGlobals<{ tokenStore?: string }>().tokenStore;
      if (chosen) process.env[tokenStoreVariable] = chosen;
    });
}
