import { quote, type Shell } from '../credentials/shell.js';
import { selfCommand } from './self.js';

// The `assume` shell function (a child process cannot change its parent shell's environment, so something must run
// in the shell itself). Instead of Granted's sourced script and space-separated fields, gatehouse writes ready,
// quoted shell code on a descriptor of its own (GATEHOUSE_EVAL_FD) that the function evaluates; stdin, stdout and
// stderr stay the terminal's. The function returns gatehouse's exit status. PowerShell, like tcsh, reads the code from
// a file gatehouse is told of (GATEHOUSE_EVAL_FILE).

export function assumeFunction(shell: Shell): string {
  const self = selfCommand(shell);
  if (shell === 'tcsh') {
    // No functions and no descriptors of its own in tcsh: an alias that has gatehouse write the code to a file it
    // made, sources it, and leaves gatehouse's exit status in $status. It is evaluated as one line
    // (eval "`gatehouse shell-init tcsh`"), so every command ends in ';' and there are no comments.
    const body = [
      'set __gatehouse_file=`mktemp`',
      `env GATEHOUSE_SHELL=tcsh GATEHOUSE_EVAL_FILE="$__gatehouse_file" ${self} assume !*`,
      'set __gatehouse_status=$status',
      'source "$__gatehouse_file"',
      'rm -f "$__gatehouse_file"',
      '( exit $__gatehouse_status )',
    ].join('; ');
    return `alias assume ${quote('tcsh', body)};\n`;
  }
  if (shell === 'powershell') {
    // PowerShell 7 (pwsh): the two variables are set for gatehouse only, then put back as they were ($null removes
    // one); the code is $Env: assignments. $LASTEXITCODE carries gatehouse's exit status, as for any program.
    return `# gatehouse: the assume function (PowerShell)
function assume {
  $file = [System.IO.Path]::GetTempFileName()
  $savedShell = $Env:GATEHOUSE_SHELL
  $savedFile = $Env:GATEHOUSE_EVAL_FILE
  try {
    $Env:GATEHOUSE_SHELL = 'powershell'
    $Env:GATEHOUSE_EVAL_FILE = $file
    & ${self} assume @args
    $status = $LASTEXITCODE
  } finally {
    $Env:GATEHOUSE_SHELL = $savedShell
    $Env:GATEHOUSE_EVAL_FILE = $savedFile
  }
  $code = Get-Content -Raw -Encoding utf8 -LiteralPath $file
  Remove-Item -LiteralPath $file -Force
  if ($code) { Invoke-Expression $code }
  $global:LASTEXITCODE = $status
}
`;
  }
  if (shell === 'fish') {
    return `# gatehouse: the assume function (fish)
function assume --description 'Use an AWS role through gatehouse (gatehouse assume --help)'
    env GATEHOUSE_SHELL=fish GATEHOUSE_EVAL_FD=3 ${self} assume $argv 3>| source
    return $pipestatus[1]
end
`;
  }
  // bash and zsh: fd 4 keeps the terminal's stdout while $(...) captures fd 3.
  return `# gatehouse: the assume function (${shell})
assume() {
  local __gatehouse_code __gatehouse_status
  { __gatehouse_code="$(GATEHOUSE_SHELL=${shell} GATEHOUSE_EVAL_FD=3 ${self} assume "$@" 3>&1 1>&4 4>&-)"; __gatehouse_status=$?; } 4>&1
  if [ -n "$__gatehouse_code" ]; then eval "$__gatehouse_code"; fi
  return $__gatehouse_status
}
`;
}
