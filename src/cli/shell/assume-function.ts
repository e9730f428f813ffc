import type { Shell } from '../credentials/shell.js';
import { selfCommand } from './self.js';

// The `assume` shell function (a child process cannot change its parent shell's environment, so something must run
// in the shell itself). Instead of Granted's sourced script and space-separated fields, gatehouse writes ready,
// quoted shell code on a descriptor of its own (GATEHOUSE_EVAL_FD) that the function evaluates; stdin, stdout and
// stderr stay the terminal's. The function returns gatehouse's exit status.

export function assumeFunction(shell: Shell): string {
  const self = selfCommand(shell);
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
