import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { gatehouseBin, run } from '../support/processes.js';
import { TempHome, profileConfig, sessionConfig } from './support.js';

// Completion in real shells: commands, options, and profile / sso-session names read from ~/.aws/config.

const self = `'${process.execPath}' '${gatehouseBin}'`;

describe('completion', () => {
  let home: TempHome;
  before(async () => {
    home = await TempHome.create();
    await home.write('.aws/config', sessionConfig + profileConfig('Dev/Admin', '1', 'A') + profileConfig('Dev/ReadOnly', '1', 'R') + profileConfig('Prod/Admin', '2', 'A'));
  });
  after(() => home.remove());

  /** Calls a bash-style completion function the way complete -F does and prints COMPREPLY one per line. */
  const complete = (fn: string, words: string[]) => {
    const quoted = words.map((w) => `'${w}'`).join(' ');
    return `COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; ${fn} '${words[0]}' '${words.at(-1)}' '${words.at(-2) ?? ''}'; printf '%s\\n' "\${COMPREPLY[@]}"`;
  };

  for (const shell of ['bash', 'zsh'] as const) {
    it(`${shell}: commands, options, profile and sso-session names`, async () => {
      const [file, flags] = shell === 'bash' ? ['/bin/bash', ['--noprofile', '--norc', '-c']] : ['/usr/bin/zsh', ['-f', '-c']];
      const script = [
        `eval "$(${self} completion ${shell})"`,
        `eval "$(${self} shell-init ${shell})"`,
        'echo "--commands"',
        complete('__gatehouse', ['gatehouse', 'lo']),
        'echo "--options"',
        complete('__gatehouse', ['gatehouse', 'populate', '--pr']),
        'echo "--profile value"',
        complete('__gatehouse', ['gatehouse', 'login', '--profile', 'Dev']),
        'echo "--session value"',
        complete('__gatehouse', ['gatehouse', 'login', '--sso-session', '']),
        'echo "--subcommands"',
        complete('__gatehouse', ['gatehouse', 'access', 'w']),
        'echo "--subcommand options"',
        complete('__gatehouse', ['gatehouse', 'access', 'who-can', '--acc']),
        'echo "--assume"',
        complete('__gatehouse_assume', ['assume', 'Dev/']),
      ].join('\n');
      const result = await run(file, [...flags, script], { env: home.env() });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(
        result.stdout,
        '--commands\nlogin\nlogout\n--options\n--profile\n--prefix\n--prune\n--profile value\nDev/Admin\nDev/ReadOnly\n--session value\nacme\n--subcommands\nwho-can\nwhat-can\n--subcommand options\n--account\n--assume\nDev/Admin\nDev/ReadOnly\n',
      );
    });
  }

  it('tcsh: commands, profile names and assume\'s options, at an interactive tcsh (Ctrl-D lists, Tab completes)', async () => {
    // tcsh completes only in its line editor: an interactive tcsh on a pty (util-linux script), typed at.
    const child = spawn('/usr/bin/script', ['-qfc', '/usr/bin/tcsh -f -i', '/dev/null'], { env: home.env({ TERM: 'xterm' }), stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    const changed: (() => void)[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      // eslint-disable-next-line no-control-regex
      screen += chunk.toString().replace(/\u001b\[[0-9;]*[A-Za-z]|\r/g, '');
      changed.splice(0).forEach((wake) => wake());
    });
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    /** Types `keys`, then waits until the screen, after what it showed before, matches `pattern`. */
    const type = async (keys: string, pattern: RegExp) => {
      const from = screen.length;
      child.stdin.write(keys);
      const giveUp = Date.now() + 30_000; // a wrong rule shows nothing: fail rather than wait for ever
      while (!pattern.test(screen.slice(from))) {
        if (child.exitCode !== null || Date.now() > giveUp) throw new Error(`tcsh did not show ${pattern}; it showed:\n${screen}`);
        await Promise.race([new Promise<void>((resolve) => changed.push(resolve)), sleep(500)]);
      }
    };
    try {
      await type(`eval "\`${self} completion tcsh\`"; eval "\`${self} shell-init tcsh\`"; echo READY\n`, /^READY\n[#>%] $/m);
      // The prompt is up: tcsh's line editor reads each key now (typed earlier, the terminal would take ^D itself).
      await type('gatehouse lo\u0004', /login\s+logout/);
      await type('\u0015gatehouse login --profile Pro\t', /--profile Prod\/Admin/);
      await type('\u0015gatehouse access wh\u0004', /what-can\s+who-can/);
      await type('\u0015assume Dev/\u0004', /Dev\/Admin\s+Dev\/ReadOnly/);
      await type('\u0015assume --un\t', /assume --unset/);
      await type('\u0015exit\n', /exit/);
    } finally {
      child.stdin.end();
      child.kill();
    }
    await closed;
  });

  it('fish: commands, options and profile names, for gatehouse and the assume function', async () => {
    const script = [`${self} completion fish | source`, `${self} shell-init fish | source`, "complete -C 'gatehouse lo'", "complete -C 'gatehouse login --profile Pro'", "complete -C 'assume Dev/'", "complete -C 'assume --un'", "complete -C 'gatehouse access wh'"].join('\n');
    const result = await run('/usr/bin/fish', ['--no-config', '-c', script], { env: home.env() });
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trim().split('\n').map((line) => line.split('\t')[0]);
    assert.deepEqual(lines, ['login', 'logout', 'Prod/Admin', 'Dev/Admin', 'Dev/ReadOnly', '--unset', 'what-can', 'who-can']);
  });
});
