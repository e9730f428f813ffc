import type { Command } from 'commander';
import { parseInteractiveShell } from '../credentials/shell.js';
import { completionScript } from '../shell/completion.js';

export function registerCompletion(program: Command): void {
  program
    .command('completion')
    .description('Print the completion script of gatehouse for bash, zsh, fish, tcsh or PowerShell (profile names included).')
    .argument('<shell>', 'bash, zsh, fish, tcsh or powershell (pwsh)')
    .addHelpText(
      'after',
      `
Examples:
  echo 'eval "$(gatehouse completion bash)"' >> ~/.bashrc
  echo 'eval "$(gatehouse completion zsh)"' >> ~/.zshrc
  gatehouse completion fish > ~/.config/fish/completions/gatehouse.fish
  echo 'eval "\`gatehouse completion tcsh\`"' >> ~/.tcshrc
  Add-Content $PROFILE 'gatehouse completion powershell | Out-String | Invoke-Expression'

The assume function's completion comes with gatehouse shell-init.`,
    )
    .action((name: string) => {
      const shell = parseInteractiveShell(name);
      process.stdout.write(completionScript(shell, { program }));
    });
}
