import { parseIni, profileNameOf, splitLines, ssoSessionNameOf } from '../aws-config/ini-parse.js';
import { blockNames, findBlock, markerOf, populateBlocks, registryBlocks, replaceBlock, withoutBlocks } from '../aws-config/managed-block.js';
import { CliError, usageError } from '../errors.js';
import { parseSections, type SourceKey, type SourceSection } from './source.js';
import { fillTemplate, type TemplateContext } from './template.js';

// Merges profile registries into ~/.aws/config, each into a block of its own between `# BEGIN gatehouse
// registry=NAME` and `# END ...` lines; every byte outside the blocks stays. Registries go in priority order
// (highest first, as in Granted): a profile name is the first one's to claim, after the user's own profiles (every
// profile outside the registries' blocks: the user's, populate's blocks, Granted's registry blocks). A registry
// whose profile name is taken gets `NAME.profile` with --prefix-duplicate-profiles (Granted's form), always with
// --prefix-all-profiles, and is otherwise refused, naming where the name is taken. sso-session sections are
// carried: one the file already has with the same start URL and region is used rather than written twice; a
// different one of the same name is renamed like a profile (and the registry's profiles follow it) or refused.
// source_profile, sso_session, services and credential_process's --profile follow renamed sections.

export interface MergeInput {
  readonly name: string;
  readonly prefixAllProfiles: boolean;
  readonly prefixDuplicateProfiles: boolean;
  /** Being added now (for the advice of an error). */
  readonly adding?: boolean;
  /** The registry's sections and template values, or why they could not be had: then its block stays as it is. */
  readonly source: { readonly sections: readonly SourceSection[]; readonly context: TemplateContext; readonly comment: string } | CliError;
}

export interface Change {
  readonly sign: '+' | '~' | '-';
  readonly header: string;
  readonly detail: string;
}

export interface MergeResult {
  readonly name: string;
  /** Why its block was left as it was (its old contents kept), if it was. */
  readonly error: CliError | undefined;
  readonly changes: readonly Change[];
  readonly unchanged: number;
  /** The profile names the block ends up holding. */
  readonly profiles: readonly string[];
  readonly notes: readonly string[];
}

interface Claim {
  readonly owner: string;
  /** For sections other than profiles: their keys, to tell the same section from a different one. */
  readonly keys?: ReadonlyMap<string, string>;
}

interface Planned {
  readonly lines: string[][];
  readonly sections: Map<string, ReadonlyMap<string, string>>;
  readonly profiles: string[];
  readonly notes: string[];
}

/** Sections a registry's profiles refer to by name (sso_session, services), which can be renamed with them. */
const renamable = ['sso-session', 'services'] as const;

/**
 * The file with every input's block written (inputs in priority order). `known` are the names of every configured
 * registry, whose blocks are not the user's; a registry that fails keeps its old block and its names.
 */
export function mergeRegistries(text: string, inputs: readonly MergeInput[], known: readonly string[]): { text: string; results: MergeResult[] } {
  const base = outsideClaims(withoutBlocks(text, new Set([...known, ...inputs.map((i) => i.name)]), registryBlocks));
  // Each registry's block as the file has it, found once.
  const existing = new Map(inputs.map((input) => [input.name, existingSections(text, input.name)]));
  const sectionsOf = (name: string, planned: ReadonlyMap<string, Planned>) => planned.get(name)?.sections ?? existing.get(name)!;
  const failed = new Map<string, CliError>();
  for (const input of inputs) if (input.source instanceof CliError) failed.set(input.name, input.source);
  // A failed registry keeps its block, so its names are claimed before the others'; a registry that collides
  // with those fails in turn, until no new failure appears.
  let planned = new Map<string, Planned>();
  for (;;) {
    planned = new Map();
    const claims = base.copy();
    for (const input of inputs) if (failed.has(input.name)) claims.add(input.name, existing.get(input.name)!);
    const before = failed.size;
    for (const input of inputs) {
      if (failed.has(input.name)) continue;
      try {
        const result = planOne(input, claims);
        planned.set(input.name, result);
        claims.add(input.name, result.sections);
      } catch (error) {
        if (!(error instanceof CliError)) throw error;
        failed.set(input.name, error);
      }
    }
    if (failed.size === before) break;
  }
  // A registry that failed only over a name another one then gave up (by prefixing it) may fit now that every
  // other block is settled: planned against all of them, it either fits or fails for a reason that holds.
  for (const input of inputs) {
    if (!failed.has(input.name) || input.source instanceof CliError) continue;
    const claims = base.copy();
    for (const other of inputs) if (other !== input) claims.add(other.name, sectionsOf(other.name, planned));
    try {
      planned.set(input.name, planOne(input, claims));
      failed.delete(input.name);
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      failed.set(input.name, error);
    }
  }
  return finish(text, inputs, existing, planned, failed);
}

/** Who holds each profile name and each other section. */
class Claims {
  constructor(
    readonly profiles = new Map<string, Claim>(),
    readonly others = new Map<string, Claim>(),
  ) {}

  copy(): Claims {
    return new Claims(new Map(this.profiles), new Map(this.others));
  }

  add(registry: string, sections: ReadonlyMap<string, ReadonlyMap<string, string>>): void {
    for (const [header, keys] of sections) {
      const profile = profileNameOf(header);
      if (profile !== undefined) this.profiles.set(profile, { owner: `registry ${registry}` });
      else if (!this.others.has(header)) this.others.set(header, { owner: `registry ${registry}`, keys });
    }
  }
}

function outsideClaims(outside: string): Claims {
  const claims = new Claims();
  for (const [header, claim] of outsideSections(outside)) {
    const profile = profileNameOf(header);
    if (profile !== undefined) claims.profiles.set(profile, claim);
    else if (!claims.others.has(header)) claims.others.set(header, claim);
  }
  return claims;
}

function planOne(input: MergeInput, { profiles, others }: Claims): Planned {
  const source = input.source as Exclude<MergeInput['source'], CliError>;
  const prefix = (name: string) => `${input.name}.${name}`;
  const notes: string[] = [];
  const renames = { profile: new Map<string, string>(), 'sso-session': new Map<string, string>(), services: new Map<string, string>() };
  const out: { header: string; keys: SourceKey[]; comment?: string }[] = [];
  const used = new Set<string>();
  const fill = (keys: readonly SourceKey[], name: string, header: string) =>
    keys.map((k) => ({
      key: k.key,
      value: fillTemplate(k.value, source.context, name, `registry ${input.name}: [${header}] ${k.key}`),
      nested: k.nested.map((line) => fillTemplate(line, source.context, name, `registry ${input.name}: [${header}] ${k.key}`)),
    }));

  // Sections other than profiles first, so the profiles can follow a renamed sso-session.
  for (const section of source.sections) {
    // Granted's own block markers, in a file copied from a ~/.aws/config, are not carried.
    if (profileNameOf(section.header) !== undefined || /^granted_registry_(start|end)(\s|$)/.test(section.header)) continue;
    const kind = renamable.find((k) => section.header.startsWith(`${k} `));
    const name = kind ? section.header.slice(kind.length + 1) : section.header;
    const keys = fill(section.keys, name, section.header);
    const claim = others.get(section.header);
    if (!claim) {
      out.push({ header: section.header, keys });
      continue;
    }
    if (same(section.header, claim.keys, keys)) {
      notes.push(`[${section.header}] is already in ${claim.owner}: used as it is`);
      continue;
    }
    if (!kind || !(input.prefixDuplicateProfiles || input.prefixAllProfiles)) {
      throw usageError(`registry ${input.name}: its [${section.header}] differs from the one in ${claim.owner}${kind ? `: ${remedy(input)}` : ' (make them the same, or remove one)'}`);
    }
    const header = `${kind} ${prefix(name)}`;
    if (others.has(header)) throw usageError(`registry ${input.name}: [${section.header}] is taken in ${claim.owner} and [${header}] in ${others.get(header)!.owner}`);
    renames[kind].set(name, prefix(name));
    out.push({ header, keys: fill(section.keys, prefix(name), header), comment: `# [${section.header}] of the registry, renamed: ${claim.owner} has a different one` });
  }

  const names = source.sections.map((s) => profileNameOf(s.header)).filter((n): n is string => n !== undefined);
  const mine = new Set(names);
  for (const name of names) {
    let final = input.prefixAllProfiles ? prefix(name) : name;
    let comment: string | undefined;
    const taken = profiles.get(final);
    if (taken) {
      if (input.prefixAllProfiles || !input.prefixDuplicateProfiles) {
        throw usageError(`registry ${input.name}: profile ${final} is already in ${taken.owner}${input.prefixAllProfiles ? '' : `: ${remedy(input)}`}`);
      }
      final = prefix(name);
      comment = `# profile ${name} of the registry, renamed: ${taken.owner} has a profile ${name}`;
      const again = profiles.get(final);
      if (again) throw usageError(`registry ${input.name}: profile ${name} is taken in ${taken.owner} and ${final} in ${again.owner}`);
    }
    if (used.has(final)) throw usageError(`registry ${input.name}: two of its profiles would both be called ${final}`);
    used.add(final);
    if (final !== name) renames.profile.set(name, final);
    out.push({ header: `profile ${final}`, keys: [], ...(comment ? { comment } : {}) });
  }
  // Now that every profile's name is known: fill the templates and follow the renamed sections.
  let index = out.length - names.length;
  for (const name of names) {
    const section = source.sections.find((s) => profileNameOf(s.header) === name)!;
    const entry = out[index++]!;
    const final = entry.header.slice('profile '.length);
    entry.keys = fill(section.keys, final, `profile ${name}`).map((k) => ({ ...k, value: follow(k, renames, mine) }));
    if (final === 'default' && name === 'default') entry.header = section.header;
  }

  const sections = new Map<string, ReadonlyMap<string, string>>();
  const lines: string[][] = [[source.comment]];
  for (const section of out) {
    sections.set(section.header, keyMap(section.keys));
    lines.push([
      ...(section.comment ? [section.comment] : []),
      `[${section.header}]`,
      ...section.keys.flatMap((k) => [k.value === '' ? `${k.key} =` : `${k.key} = ${k.value}`, ...k.nested]),
    ]);
  }
  return { lines, sections, profiles: [...used], notes };
}

function remedy(input: MergeInput): string {
  const options = `--prefix-duplicate-profiles (the registry's becomes ${input.name}.NAME) or --prefix-all-profiles`;
  return input.adding ? `add the registry with ${options}` : `add the registry again with ${options} (gatehouse registry remove ${input.name} first)`;
}

/** A key's value with references to the registry's renamed sections and profiles followed. */
function follow(key: SourceKey, renames: { profile: Map<string, string>; 'sso-session': Map<string, string>; services: Map<string, string> }, mine: ReadonlySet<string>): string {
  const { key: name, value } = key;
  if (name === 'sso_session') return renames['sso-session'].get(value) ?? value;
  if (name === 'services') return renames.services.get(value) ?? value;
  if (name === 'source_profile') return mine.has(value) ? (renames.profile.get(value) ?? value) : value;
  if (name === 'credential_process') {
    return value.replace(/(--profile[ =])(["']?)([^\s"']+)\2(?=\s|$)/g, (whole, flag: string, quote: string, profile: string) => {
      const renamed = renames.profile.get(profile);
      return renamed ? `${flag}${quote}${renamed}${quote}` : whole;
    });
  }
  return value;
}

/** Two sections of one header are the same: sso-sessions by start URL and region, others key for key. */
function same(header: string, existing: ReadonlyMap<string, string> | undefined, keys: readonly SourceKey[]): boolean {
  if (!existing) return false;
  const mine = keyMap(keys);
  if (ssoSessionNameOf(header) !== undefined) {
    const url = (v: string | undefined) => (v ?? '').trim().replace(/\/+$/, '').toLowerCase();
    return url(existing.get('sso_start_url')) === url(mine.get('sso_start_url')) && existing.get('sso_region') === mine.get('sso_region');
  }
  return existing.size === mine.size && [...mine].every(([k, v]) => existing.get(k) === v);
}

/** Each section header outside the registries' blocks, with who it belongs to (for messages). */
function outsideSections(text: string): Map<string, Claim> {
  const claims = new Map<string, Claim>();
  const lines = splitLines(text);
  const own = 'your own profiles';
  let owner = own;
  const sections = parseIni(text);
  let next = 0;
  for (let i = 0; i < lines.length; i++) {
    const marker = markerOf(lines[i]!, populateBlocks);
    if (marker) owner = marker.which === 'BEGIN' ? `the gatehouse populate block of sso-session ${marker.name}` : own;
    const section = sections[next];
    if (section?.startLine !== i) continue;
    next++;
    const granted = /^granted_registry_(start|end)\s+(.*)$/.exec(section.header);
    if (granted) {
      owner = granted[1] === 'start' ? `Granted's registry block ${granted[2]} (granted registry remove ${granted[2]})` : own;
      continue;
    }
    if (claims.has(section.header) && !section.header.startsWith('profile ')) continue;
    const keys = keyMap(parseSections(lines.slice(section.startLine, section.endLine).join('\n'))[0]?.keys ?? []);
    claims.set(section.header, { owner, keys });
  }
  return claims;
}

/** The sections of a registry's current block: header -> keys (a nested key's lines part of its value). */
function existingSections(text: string, name: string): Map<string, ReadonlyMap<string, string>> {
  const block = findBlock(text, name, registryBlocks);
  return new Map(block ? parseSections(block.body).map((section) => [section.header, keyMap(section.keys)]) : []);
}

function keyMap(keys: readonly SourceKey[]): Map<string, string> {
  return new Map(keys.map((k) => [k.key, [k.value, ...k.nested].join('\n')]));
}

function finish(
  text: string,
  inputs: readonly MergeInput[],
  existing: ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<string, string>>>,
  planned: ReadonlyMap<string, Planned>,
  failed: ReadonlyMap<string, CliError>,
): { text: string; results: MergeResult[] } {
  let out = text;
  const results: MergeResult[] = [];
  for (const input of inputs) {
    const before = existing.get(input.name)!;
    const plan = planned.get(input.name);
    if (!plan || failed.has(input.name)) {
      const kept = [...before.keys()].map(profileNameOf).filter((n): n is string => n !== undefined);
      results.push({ name: input.name, error: failed.get(input.name), changes: [], unchanged: before.size, profiles: kept, notes: [] });
      continue;
    }
    out = replaceBlock(out, input.name, plan.sections.size === 0 ? [] : plan.lines, registryBlocks);
    const changes: Change[] = [];
    let unchanged = 0;
    for (const [header, keys] of plan.sections) {
      const old = before.get(header);
      if (!old) changes.push({ sign: '+', header, detail: '' });
      else {
        const changed = [...new Set([...keys.keys(), ...old.keys()])].filter((k) => keys.get(k) !== old.get(k));
        if (changed.length > 0) changes.push({ sign: '~', header, detail: changed.join(', ') });
        else unchanged++;
      }
    }
    for (const header of before.keys()) if (!plan.sections.has(header)) changes.push({ sign: '-', header, detail: '' });
    results.push({ name: input.name, error: undefined, changes, unchanged, profiles: plan.profiles, notes: plan.notes });
  }
  return { text: out, results };
}

/** Registry blocks in the file whose registry is not configured (left by hand, or by a removed config). */
export function strayBlocks(text: string, known: readonly string[]): string[] {
  return blockNames(text, registryBlocks).filter((name) => !known.includes(name));
}
