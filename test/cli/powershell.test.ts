import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { quote } from '../../src/cli/credentials/shell.js';
import { gatehouseBin } from '../support/processes.js';
import { startGatehouseAtTerminal } from './live.js';
import { type TempHome, homeWithCachedRole } from './support.js';

// PowerShell is not installable on these machines, so what gatehouse prints for it is read here by a reference
// reader written from the PowerShell language specification (3.0, section 2.3.5.2 and 2.2): a verbatim (single-
// quoted) string is a single-quote-character, then any characters but one, each pair of single-quote-characters
// standing for one, then a single-quote-character; the single-quote-characters are ' and U+2018, U+2019, U+201A,
// U+201B; nothing else (newlines, $, backticks, double quotes) is special inside. The exports of `assume --shell
// powershell` are read back to the exact values; the scripts of shell-init and completion are scanned as PowerShell
// would tokenize them (strings closed, brackets balanced, no key twice in a hash literal, which PowerShell refuses).

const singleQuotes = new Set(["'", '\u2018', '\u2019', '\u201a', '\u201b']);
const doubleQuotes = new Set(['"', '\u201c', '\u201d', '\u201e']);

/** Reads the verbatim string literal at `at`: its value and the index after it. */
function readVerbatim(text: string, at: number): { value: string; end: number } {
  if (!singleQuotes.has(text[at]!)) throw new Error(`no verbatim string at ${at}: ${text.slice(at, at + 20)}`);
  let value = '';
  for (let i = at + 1; ; ) {
    const c = text[i];
    if (c === undefined) throw new Error(`unterminated verbatim string from ${at}`);
    if (singleQuotes.has(c)) {
      // A pair stands for one quote character (the two are the same character in what gatehouse writes).
      if (text[i + 1] !== undefined && singleQuotes.has(text[i + 1]!)) {
        value += text[i + 1];
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += c;
    i += 1;
  }
}

/** The variables a block of `$Env:NAME = '...';` and `Remove-Item -LiteralPath Env:NAME ...;` lines sets (null: removed). */
function readExports(code: string): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  let i = 0;
  while (i < code.length) {
    const rest = code.slice(i);
    const set = /^\$Env:([A-Za-z_][A-Za-z0-9_]*) = /.exec(rest);
    const remove = /^Remove-Item -LiteralPath Env:([A-Za-z_][A-Za-z0-9_]*) -ErrorAction SilentlyContinue/.exec(rest);
    if (set) {
      const { value, end } = readVerbatim(code, i + set[0].length);
      out[set[1]!] = value;
      i = end;
    } else if (remove) {
      out[remove[1]!] = null;
      i += remove[0].length;
    } else {
      throw new Error(`not an export line: ${rest.slice(0, 40)}`);
    }
    assert.equal(code.slice(i, i + 2), ';\n', 'each statement ends with ; and a newline');
    i += 2;
  }
  return out;
}

type Token = { kind: 'string'; value: string } | { kind: 'word'; value: string } | { kind: 'punct'; value: string };

/** PowerShell's tokens, as far as gatehouse's scripts use them: comments, both kinds of strings, brackets, words. */
function tokenize(script: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < script.length; ) {
    const c = script[i]!;
    if (c === ' ' || c === '\t' || c === '\r') i += 1;
    else if (c === '\n' || c === ';') (tokens.push({ kind: 'punct', value: ';' }), (i += 1));
    else if (c === '#') i = script.indexOf('\n', i) < 0 ? script.length : script.indexOf('\n', i);
    else if (singleQuotes.has(c)) {
      const { value, end } = readVerbatim(script, i);
      tokens.push({ kind: 'string', value });
      i = end;
    } else if (doubleQuotes.has(c)) {
      // an expandable string: ` escapes the next character, a doubled quote is one
      let value = '';
      let j = i + 1;
      for (;;) {
        const d = script[j];
        if (d === undefined) throw new Error(`unterminated expandable string from ${i}`);
        if (d === '`') (value += script[j + 1]), (j += 2);
        else if (doubleQuotes.has(d) && doubleQuotes.has(script[j + 1] ?? '')) (value += d), (j += 2);
        else if (doubleQuotes.has(d)) break;
        else (value += d), (j += 1);
      }
      tokens.push({ kind: 'string', value });
      i = j + 1;
    } else if ((c === '@' || c === '$') && (script[i + 1] === '{' || script[i + 1] === '(')) {
      tokens.push({ kind: 'punct', value: c === '@' ? `@${script[i + 1]}` : '(' });
      i += 2;
    } else if ('{}()[],=|'.includes(c)) (tokens.push({ kind: 'punct', value: c }), (i += 1));
    else {
      let j = i;
      while (j < script.length && !/[\s;{}()[\],=|'"\u2018-\u201e]/.test(script[j]!)) j += 1;
      tokens.push({ kind: 'word', value: script.slice(i, j) });
      i = j;
    }
  }
  return tokens;
}

/** Brackets balanced, and the keys of each hash literal distinct (PowerShell compares them case-insensitively). */
function checkStructure(script: string): Token[] {
  const tokens = tokenize(script);
  const closers: Record<string, string> = { '{': '}', '@{': '}', '(': ')', '@(': ')', '[': ']' };
  const stack: { open: string; keys: Set<string> | undefined }[] = [];
  tokens.forEach((token, index) => {
    if (token.kind !== 'punct') {
      const top = stack.at(-1);
      const next = tokens[index + 1];
      const previous = tokens[index - 1];
      // a key: first in its entry of a hash literal, before '='
      if (top?.keys && next?.kind === 'punct' && next.value === '=' && previous?.kind === 'punct' && ['@{', ';'].includes(previous.value)) {
        const key = token.value.toLowerCase();
        assert.ok(!top.keys.has(key), `key ${token.value} twice in a hash literal`);
        top.keys.add(key);
      }
      return;
    }
    if (closers[token.value]) stack.push({ open: token.value, keys: token.value === '@{' ? new Set() : undefined });
    else if ([')', '}', ']'].includes(token.value)) assert.equal(closers[stack.pop()?.open ?? ''], token.value, `unbalanced ${token.value} at token ${index}`);
  });
  assert.equal(stack.length, 0, 'every bracket closed');
  return tokens;
}

const awkward = {
  accessKeyId: 'ASIAAWKWARD0000001',
  secretAccessKey: `it's ''doubled'' \u2018curly\u2019 \u201alow\u201b "dq" \u201cq\u201d \u201e $Env:HOME $(whoami) \`n backtick\` @{a=1} ; & | # <>`,
  sessionToken: "line1\nline2\r\nline3 \\ \\' tab\there \u00e9\u00df\u4e2d \ud83d\ude00 end'",
  expiration: '2099-01-02T03:04:05Z',
};

describe('PowerShell: exports, the assume function and completion', () => {
  let home: TempHome;
  before(async () => {
    home = await homeWithCachedRole(awkward);
  });
  after(() => home.remove());

  it('a verbatim string of any text reads back as that text', () => {
    const samples = [
      '',
      "'",
      "''",
      '\u2018\u2019\u201a\u201b',
      "a'\u2019b",
      '$HOME `$x` "$(id)"',
      '\n\r\n\t',
      '\ud83d\ude00 \u00e9 \u0000',
      String.fromCharCode(...Array.from({ length: 0x300 }, (_, i) => i)),
    ];
    // and strings drawn (reproducibly) from the characters that matter to the grammar, among others
    const alphabet = ["'", '\u2018', '\u2019', '\u201a', '\u201b', '"', '\u201c', '`', '$', '(', ')', '{', '}', ';', '#', '\n', '\r', ' ', 'a', '\\', '\u00e9', '\ud83d\ude00'];
    let state = 42;
    const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31);
    for (let n = 0; n < 500; n += 1) samples.push(Array.from({ length: next() % 12 }, () => alphabet[next() % alphabet.length]).join(''));
    for (const value of samples) {
      const literal = quote('powershell', value);
      const read = readVerbatim(literal, 0);
      assert.equal(read.value, value);
      assert.equal(read.end, literal.length, 'the literal ends where it should');
    }
  });

  it('assume --shell powershell (and pwsh from GATEHOUSE_SHELL) prints $Env: lines that read back exactly; --unset removes them', async () => {
    const expected = {
      AWS_ACCESS_KEY_ID: awkward.accessKeyId,
      AWS_SECRET_ACCESS_KEY: awkward.secretAccessKey,
      AWS_SESSION_TOKEN: awkward.sessionToken,
      AWS_CREDENTIAL_EXPIRATION: awkward.expiration,
      AWS_SESSION_EXPIRATION: awkward.expiration,
      AWS_REGION: 'eu-central-1',
      AWS_DEFAULT_REGION: 'eu-central-1',
      AWS_PROFILE: null,
      GATEHOUSE_PROFILE: 'Dev/Admin',
    };
    const flag = await home.gatehouse(['assume', 'Dev/Admin', '--shell', 'powershell']);
    assert.equal(flag.code, 0, flag.stderr);
    assert.deepEqual(readExports(flag.stdout), expected);
    // at a terminal, without the function, it says how to define it
    const atTerminal = startGatehouseAtTerminal(['assume', 'Dev/Admin', '--shell', 'powershell'], home.env());
    await atTerminal.stderrMatch(/these exports only reach your shell through the assume function: gatehouse shell-init powershell \| Out-String \| Invoke-Expression/);
    assert.equal((await atTerminal.done).code, 0);

    // What the function does: GATEHOUSE_SHELL and a file of its own in GATEHOUSE_EVAL_FILE; stdout stays free.
    const dir = await mkdtemp(join(tmpdir(), 'gatehouse-pwsh-'));
    try {
      const file = join(dir, 'tmp1234.tmp');
      await writeFile(file, '');
      const fn = await home.gatehouse(['assume', 'Dev/Admin'], { env: home.env({ GATEHOUSE_SHELL: 'pwsh', GATEHOUSE_EVAL_FILE: file }) });
      assert.equal(fn.code, 0, fn.stderr);
      assert.equal(fn.stdout, '');
      assert.deepEqual(readExports(await readFile(file, 'utf8')), expected);
      const unset = await home.gatehouse(['assume', '--unset'], { env: home.env({ GATEHOUSE_SHELL: 'C:\\Program Files\\PowerShell\\7\\pwsh.exe', GATEHOUSE_EVAL_FILE: file }) });
      assert.equal(unset.code, 0, unset.stderr);
      const cleared = readExports(await readFile(file, 'utf8'));
      assert.deepEqual(Object.keys(cleared).slice(0, 9), Object.keys(expected));
      assert.ok(Object.values(cleared).every((value) => value === null));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    // PowerShell keeps a bare -- for itself: the error says to quote it.
    const swallowed = await home.gatehouse(['assume', 'Dev/Admin', '--exec', 'aws', 'sts', 'get-caller-identity']);
    assert.equal(swallowed.code, 2);
    assert.match(swallowed.stderr, /in PowerShell quote it: --exec '--' COMMAND/);
  });

  it('shell-init powershell: an assume function that calls this gatehouse, runs it with the eval file, and applies the code', async () => {
    const result = await home.gatehouse(['shell-init', 'pwsh']);
    assert.equal(result.code, 0, result.stderr);
    const tokens = checkStructure(result.stdout);
    const words = tokens.map((t) => t.value);
    const call = words.indexOf('&');
    assert.deepEqual(words.slice(call + 1, call + 5), [process.execPath, realpathSync(gatehouseBin), 'assume', '@args']);
    const body = result.stdout.slice(0, result.stdout.indexOf('# gatehouse completion'));
    for (const line of ["$Env:GATEHOUSE_SHELL = 'powershell'", '$Env:GATEHOUSE_EVAL_FILE = $file', 'Invoke-Expression $code', '$global:LASTEXITCODE = $status']) assert.ok(body.includes(line), line);
    // the variables are put back in `finally`, after the call
    assert.ok(body.indexOf('$Env:GATEHOUSE_SHELL = $savedShell') > body.indexOf('} finally {'));
    assert.match(result.stdout, /Register-ArgumentCompleter -Native -CommandName assume -ScriptBlock/);
  });

  it("completion powershell: the commands' tables, well formed, from the same definitions as the other shells", async () => {
    const result = await home.gatehouse(['completion', 'powershell']);
    assert.equal(result.code, 0, result.stderr);
    const tokens = checkStructure(result.stdout);
    const strings = tokens.filter((t) => t.kind === 'string').map((t) => t.value);
    for (const name of ['assume', 'credential-process', 'login', 'who-can', '--mfa-prompt', '--profile', '--sso-session', 'powershell']) assert.ok(strings.includes(name), name);
    assert.ok(strings.includes("the AWS access portal URL (with --sso-region; makes an sso-session if none has it)"));
    assert.match(result.stdout, /Register-ArgumentCompleter -Native -CommandName gatehouse -ScriptBlock/);
    assert.doesNotMatch(result.stdout, /-CommandName assume/, 'the function\'s completion comes with shell-init');
    assert.ok(/^[\x00-\x7f]*$/.test(result.stdout), 'ASCII only: Windows decodes a program\'s output with the console code page');
  });
});
