import type { Command, Option } from 'commander';
import { quote, type Shell } from '../credentials/shell.js';
import { selfCommand } from './self.js';

// Completion scripts built from the commands' own definitions (names, options, descriptions), so they never drift:
// bash (complete -F), zsh (the same through bashcompinit), fish (complete -c), tcsh (its `complete` builtin) and
// PowerShell (Register-ArgumentCompleter -Native, for the program and the assume function). Profile and sso-session names are
// asked of `gatehouse profiles` at completion time, which reads ~/.aws/config without loading the SDK.

type ValueKind = 'profile' | 'session' | 'shell' | 'file' | 'other';

function valueKind(option: Option): ValueKind | undefined {
  if (!option.required && !option.optional) return undefined;
  const long = option.long ?? '';
  if (long === '--profile') return 'profile';
  if (long === '--sso-session') return 'session';
  // `env --shell` takes sh, fish or powershell: only the assume family's is a choice of shellNames.
  if (long === '--shell') return option.description.includes('bash, zsh, fish, tcsh or powershell') ? 'shell' : 'other';
  if (['--env', '--data-dir'].includes(long)) return 'file';
  return 'other';
}

interface CommandSpec {
  readonly name: string;
  readonly description: string;
  readonly options: readonly Option[];
  /** The first operand is a profile (assume). */
  readonly profileOperand: boolean;
  /** The first operand is a shell name (shell-init, completion). */
  readonly shellOperand: boolean;
  /** Its subcommands (access: who-can, what-can), offered as operands; their options are the command's. */
  readonly subcommands: readonly string[];
}

function specs(program: Command): CommandSpec[] {
  return program.commands
    .filter((command) => !(command as unknown as { _hidden?: boolean })._hidden)
    .map((command) => {
      const first = command.registeredArguments[0]?.name();
      const subcommands = command.commands;
      // one flag once: the subcommands of `access` share --json, the server options, ...
      const options: Option[] = [];
      for (const o of [command, ...subcommands].flatMap((c) => c.options)) {
        if (!o.hidden && !options.some((seen) => (seen.long ?? seen.flags) === (o.long ?? o.flags))) options.push(o);
      }
      return {
        name: command.name(),
        description: command.description(),
        options,
        profileOperand: first === 'profile',
        shellOperand: first === 'shell',
        subcommands: subcommands.map((c) => c.name()),
      };
    });
}

const shellNames = 'bash zsh fish tcsh powershell';

function flags(options: readonly Option[]): string {
  return options.flatMap((o) => [o.long, o.short].filter((f): f is string => f !== undefined)).concat('--help').join(' ');
}

function bashCases(all: readonly CommandSpec[]): string {
  return all
    .map((c) => {
      const operands = c.profileOperand ? '$(__gatehouse_names)' : c.shellOperand ? shellNames : c.subcommands.join(' ');
      return `    ${c.name}) opts=(${flags(c.options)}); operands=(${operands}) ;;`;
    })
    .join('\n');
}

function bashValueCases(options: readonly Option[]): string {
  const byKind = new Map<ValueKind, string[]>();
  const seen = new Set<string>();
  for (const o of options) {
    const kind = valueKind(o);
    if (!kind || !o.long) continue;
    // The first command's meaning of a flag wins; a case label appears once.
    const names = [o.long, ...(o.short ? [o.short] : [])].filter((name) => !seen.has(name));
    names.forEach((name) => seen.add(name));
    if (names.length > 0) byKind.set(kind, [...(byKind.get(kind) ?? []), ...names]);
  }
  const replies: Record<ValueKind, string> = {
    profile: '__gatehouse_reply "$cur" $(__gatehouse_names)',
    session: '__gatehouse_reply "$cur" $(__gatehouse_names --sessions)',
    shell: `__gatehouse_reply "$cur" ${shellNames}`,
    file: 'COMPREPLY=($(compgen -f -- "$cur"))',
    other: 'COMPREPLY=()',
  };
  return [...byKind].map(([kind, names]) => `    ${names.join('|')}) ${replies[kind]}; return 0 ;;`).join('\n');
}

export interface CompletionParts {
  /** Complete `gatehouse` and its commands. */
  readonly program?: Command;
  /** Complete the `assume` shell function with this command's options and profile names. */
  readonly assume?: Command;
}

/** bash, and zsh through bashcompinit: written with $2/$3 and a loop, which both shells index the same way. */
function bashScript(shell: 'bash' | 'zsh', parts: CompletionParts): string {
  const out = [`# gatehouse completion (${shell})`];
  if (shell === 'zsh') out.push('(( $+functions[compdef] )) || { autoload -U +X compinit && compinit -u; }', 'autoload -U +X bashcompinit && bashcompinit');
  out.push(
    `__gatehouse_names() { ${selfCommand(shell)} profiles "$@" 2>/dev/null; }`,
    // Prefix matching of our own: zsh's compgen (bashcompinit) leaves it to zsh, which a direct call never reaches.
    '__gatehouse_reply() { local cur="$1" w; shift; COMPREPLY=(); for w in "$@"; do [[ "$w" == "$cur"* ]] && COMPREPLY+=("$w"); done; return 0; }',
  );
  if (parts.program) {
    const all = specs(parts.program);
    const names = all.map((c) => c.name);
    const allOptions = [...new Map(all.flatMap((c) => c.options).map((o) => [o.flags, o])).values()];
    out.push(`__gatehouse() {
  local cur="$2" prev="$3" sub="" word
  local -a opts operands
  case "$prev" in
${bashValueCases(allOptions)}
  esac
  for word in "\${COMP_WORDS[@]}"; do
    case "$word" in ${names.join('|')}) sub="$word"; break ;; esac
  done
  if [[ -z "$sub" ]]; then __gatehouse_reply "$cur" ${names.join(' ')} --help --version; return 0; fi
  case "$sub" in
${bashCases(all)}
  esac
  if [[ "$cur" == -* || \${#operands[@]} -eq 0 ]]; then __gatehouse_reply "$cur" "\${opts[@]}"; else __gatehouse_reply "$cur" "\${operands[@]}"; fi
}
complete -F __gatehouse gatehouse`);
  }
  if (parts.assume) {
    out.push(`__gatehouse_assume() {
  local cur="$2" prev="$3"
  case "$prev" in
${bashValueCases(parts.assume.options)}
  esac
  if [[ "$cur" == -* ]]; then __gatehouse_reply "$cur" ${flags(parts.assume.options)}; else __gatehouse_reply "$cur" $(__gatehouse_names); fi
}
complete -F __gatehouse_assume assume`);
  }
  return out.join('\n') + '\n';
}

function fishDescription(text: string): string {
  return quote('fish', text.replace(/\s+/g, ' ').slice(0, 80));
}

function fishOption(command: string, condition: string | undefined, o: Option, self: string): string {
  const kind = valueKind(o);
  const parts = [`complete -c ${command}`];
  if (condition) parts.push(`-n ${quote('fish', condition)}`);
  if (o.long) parts.push(`-l ${o.long.slice(2)}`);
  if (o.short) parts.push(`-s ${o.short.slice(1)}`);
  if (kind === 'profile') parts.push(`-x -a ${quote('fish', `(${self} profiles 2>/dev/null)`)}`);
  else if (kind === 'session') parts.push(`-x -a ${quote('fish', `(${self} profiles --sessions 2>/dev/null)`)}`);
  else if (kind === 'shell') parts.push(`-x -a ${quote('fish', shellNames)}`);
  else if (kind === 'file') parts.push('-r -F');
  else if (kind === 'other') parts.push('-x');
  parts.push(`-d ${fishDescription(o.description)}`);
  return parts.join(' ');
}

function fishScript(parts: CompletionParts): string {
  const self = selfCommand('fish');
  const profiles = quote('fish', `(${self} profiles 2>/dev/null)`);
  const lines = ['# gatehouse completion (fish)'];
  if (parts.program) {
    lines.push('complete -c gatehouse -f');
    for (const c of specs(parts.program)) {
      lines.push(`complete -c gatehouse -n __fish_use_subcommand -a ${c.name} -d ${fishDescription(c.description)}`);
      const condition = `__fish_seen_subcommand_from ${c.name}`;
      for (const o of c.options) lines.push(fishOption('gatehouse', condition, o, self));
      if (c.profileOperand) lines.push(`complete -c gatehouse -n ${quote('fish', condition)} -a ${profiles}`);
      if (c.shellOperand) lines.push(`complete -c gatehouse -n ${quote('fish', condition)} -a ${quote('fish', shellNames)}`);
      if (c.subcommands.length > 0) lines.push(`complete -c gatehouse -n ${quote('fish', condition)} -a ${quote('fish', c.subcommands.join(' '))}`);
    }
  }
  if (parts.assume) {
    lines.push('complete -c assume -f', `complete -c assume -a ${profiles}`);
    for (const o of parts.assume.options) lines.push(fishOption('assume', undefined, o, self));
  }
  return lines.join('\n') + '\n';
}

/**
 * tcsh's `complete` rules, one line (it is evaluated with eval "`...`"): `c/--/` completes flags, `n/WORD/` the
 * word after WORD (a command's operands, an option's value), `p/1/` the command. Flags are every command's: tcsh
 * rules cannot tell which command came before. The rules' delimiter is a character the gatehouse path lacks.
 */
function tcshScript(parts: CompletionParts): string {
  const self = selfCommand('tcsh');
  const d = ['/', '@', '%', '^', ','].find((c) => !self.includes(c)) ?? '/';
  const rule = (kind: string, word: string, list: string) => quote('tcsh', `${kind}${d}${word}${d}${list}${d}`);
  const names = (args: string) => `\`${self} profiles${args}\``;
  const valueRules = (options: readonly Option[]) =>
    options.flatMap((o) => {
      const kind = valueKind(o);
      const list = kind === 'profile' ? names('') : kind === 'session' ? names(' --sessions') : kind === 'shell' ? `(${shellNames})` : kind === 'file' ? 'f' : undefined;
      return list && o.long ? [rule('n', o.long, list)] : [];
    });
  const longFlags = (options: readonly Option[]) => `(${[...new Set(options.map((o) => o.long?.slice(2)).filter(Boolean))].join(' ')} help)`;
  const lines: string[] = [];
  if (parts.program) {
    const all = specs(parts.program);
    const options = [...new Map(all.flatMap((c) => c.options).map((o) => [o.long ?? o.flags, o])).values()];
    const operands = all.flatMap((c) => {
      if (c.profileOperand) return [rule('n', c.name, names(''))];
      if (c.shellOperand) return [rule('n', c.name, `(${shellNames})`)];
      return c.subcommands.length > 0 ? [rule('n', c.name, `(${c.subcommands.join(' ')})`)] : [];
    });
    lines.push(['complete gatehouse', rule('c', '--', longFlags(options)), ...valueRules(options), ...operands, rule('p', '1', `(${all.map((c) => c.name).join(' ')})`)].join(' ') + ';');
  }
  if (parts.assume) {
    lines.push(['complete assume', rule('c', '--', longFlags(parts.assume.options)), ...valueRules(parts.assume.options), rule('p', '*', names(''))].join(' ') + ';');
  }
  return lines.join('\n') + '\n';
}

/** A PowerShell table of flags: each long and short name -> @(description, value kind or $null). */
function powershellFlags(options: readonly Option[]): string {
  const entries = options.flatMap((o) => {
    const kind = valueKind(o);
    const value = `@(${quote('powershell', o.description.replace(/\s+/g, ' '))}, ${kind ? quote('powershell', kind) : '$null'})`;
    return [o.long, o.short].filter((f): f is string => f !== undefined).map((flag) => `${quote('powershell', flag)} = ${value}`);
  });
  return `@{ ${entries.join('; ')} }`;
}

/** What follows a command's options: 'profile', 'shell' (a name of shellNames), or a list of subcommands. */
function powershellOperands(c: CommandSpec): string {
  if (c.profileOperand) return "'profile'";
  if (c.shellOperand) return "'shell'";
  return `@(${c.subcommands.map((name) => quote('powershell', name)).join(', ')})`;
}

/**
 * PowerShell 7: native argument completers for `gatehouse` and the `assume` function (a function with no declared
 * parameters completes as a program does), their tables built from the commands as for the other shells. A value
 * of a file or free text gets no candidates, so PowerShell offers paths.
 */
function powershellScript(parts: CompletionParts): string {
  const self = selfCommand('powershell');
  const out = [
    '# gatehouse completion (PowerShell)',
    `function __gatehouse_names { & ${self} profiles @args 2>$null }`,
    `function __gatehouse_words($ast, $cursor) {
  # the words before the one being completed, without the command's name, unquoted
  @($ast.CommandElements | Where-Object { $_.Extent.EndOffset -lt $cursor } | Select-Object -Skip 1 | ForEach-Object { if ($_ -is [System.Management.Automation.Language.StringConstantExpressionAst]) { $_.Value } else { $_.Extent.Text } })
}`,
    `function __gatehouse_result([string]$text, [string]$tip) {
  $insert = if ($text -match '[\\s''"\`$&(){};,|@#<>\\u2018-\\u201B]') { "'" + ($text -replace '[''\\u2018-\\u201B]', '$0$0') + "'" } else { $text }
  [System.Management.Automation.CompletionResult]::new($insert, $text, 'ParameterValue', $(if ($tip) { $tip } else { $text }))
}`,
    `function __gatehouse_complete([string]$word, [string[]]$words, [hashtable]$flags, $operands) {
  $prev = if ($words.Count -gt 0) { $words[-1] } else { '' }
  $tips = @{}
  if ($flags.Contains($prev) -and $flags[$prev][1]) {
    switch ($flags[$prev][1]) {
      'profile' { $names = @(__gatehouse_names) }
      'session' { $names = @(__gatehouse_names --sessions) }
      'shell' { $names = @(${shellNames.split(' ').map((name) => quote('powershell', name)).join(', ')}) }
      default { return }
    }
  } elseif ($word.StartsWith('-') -or ($operands -isnot [string] -and $operands.Count -eq 0)) {
    $names = @($flags.Keys | Sort-Object) + '--help'
    foreach ($flag in $flags.Keys) { $tips[$flag] = $flags[$flag][0] }
  } elseif ($operands -eq 'profile') {
    $names = @(__gatehouse_names)
  } elseif ($operands -eq 'shell') {
    $names = @(${shellNames.split(' ').map((name) => quote('powershell', name)).join(', ')})
  } else {
    $names = $operands
  }
  foreach ($name in $names) { if ($name.StartsWith($word, [System.StringComparison]::Ordinal)) { __gatehouse_result $name $tips[$name] } }
}`,
  ];
  if (parts.program) {
    const all = specs(parts.program);
    const commands = all.map((c) => `    ${quote('powershell', c.name)} = @{ d = ${quote('powershell', c.description.replace(/\s+/g, ' '))}; f = ${powershellFlags(c.options)}; o = ${powershellOperands(c)} }`);
    out.push(`Register-ArgumentCompleter -Native -CommandName gatehouse -ScriptBlock {
  param($wordToComplete, $commandAst, $cursorPosition)
  $commands = @{
${commands.join('\n')}
  }
  $words = @(__gatehouse_words $commandAst $cursorPosition)
  $sub = $words | Where-Object { $commands.Contains($_) } | Select-Object -First 1
  if (-not $sub) {
    foreach ($name in @($commands.Keys | Sort-Object) + '--help', '--version') { if ($name.StartsWith($wordToComplete, [System.StringComparison]::Ordinal)) { __gatehouse_result $name $commands[$name].d } }
    return
  }
  __gatehouse_complete $wordToComplete $words $commands[$sub].f $commands[$sub].o
}`);
  }
  if (parts.assume) {
    out.push(`Register-ArgumentCompleter -Native -CommandName assume -ScriptBlock {
  param($wordToComplete, $commandAst, $cursorPosition)
  __gatehouse_complete $wordToComplete @(__gatehouse_words $commandAst $cursorPosition) ${powershellFlags(parts.assume.options)} 'profile'
}`);
  }
  return out.join('\n') + '\n';
}

export function completionScript(shell: Shell, parts: CompletionParts): string {
  if (shell === 'powershell') return powershellScript(parts);
  if (shell === 'fish') return fishScript(parts);
  if (shell === 'tcsh') return tcshScript(parts);
  return bashScript(shell === 'zsh' ? 'zsh' : 'bash', parts);
}
