import type { Command } from 'commander';
import { parseInteractiveShell } from '../credentials/shell.js';
import { assumeFunction } from '../shell/assume-function.js';
import { completionScript } from '../shell/completion.js';

export function registerShellInit(program: Command): void {
  program
    .command('shell-init')
    .description('Print the assume shell function (and its completion) for your shell to evaluate at start-up.')
    .argument('<shell>', 'bash, zsh, fish, tcsh or powershell (pwsh)')
    .addHelpText(
      'after',
      `
Examples:
  echo 'eval "$(gatehouse shell-init bash)"' >> ~/.bashrc
  echo 'eval "$(gatehouse shell-init zsh)"' >> ~/.zshrc
  echo 'gatehouse shell-init fish | source' >> ~/.config/fish/config.fish
  echo 'eval "\`gatehouse shell-init tcsh\`"' >> ~/.tcshrc      # an alias: tcsh has no functions
  Add-Content $PROFILE 'gatehouse shell-init powershell | Out-String | Invoke-Expression'   # PowerShell 7

Then: assume PROFILE, assume (a picker), assume PROFILE --exec -- CMD, assume PROFILE -c, assume --unset.
PowerShell keeps a bare -- for itself: there, quote it (assume PROFILE --exec '--' aws s3 ls); $LASTEXITCODE is
gatehouse's exit status.`,
    )
    .action((name: string) => {
      const shell = parseInteractiveShell(name);
      const assume = program.commands.find((c) => c.name() === 'assume');
      process.stdout.write(assumeFunction(shell) + (assume ? completionScript(shell, { assume }) : ''));
    });
}
