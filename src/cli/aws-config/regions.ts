import { usageError } from '../errors.js';

// Region names as people type them: the full name, or Granted's short form (ue1 = us-east-1, ew2 = eu-west-2,
// apse2 = ap-southeast-2, ugw1 = us-gov-west-1): the area's first letter (or its code) and the direction's.

const knownRegions = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'us-gov-east-1', 'us-gov-west-1',
  'ca-central-1', 'ca-west-1', 'mx-central-1', 'sa-east-1',
  'eu-central-1', 'eu-central-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-south-1', 'eu-south-2', 'eu-north-1',
  'il-central-1', 'me-south-1', 'me-central-1', 'af-south-1',
  'ap-east-1', 'ap-east-2', 'ap-south-1', 'ap-south-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-7',
  'cn-north-1', 'cn-northwest-1',
] as const;

const areaCodes: Readonly<Record<string, readonly string[]>> = {
  us: ['u', 'us'], 'us-gov': ['ug', 'usg'], eu: ['e', 'eu'], ap: ['a', 'ap'], sa: ['s', 'sa'], ca: ['c', 'ca'],
  me: ['m', 'me'], af: ['af'], il: ['il'], mx: ['mx'], cn: ['cn'],
};
const directionCodes: Readonly<Record<string, string>> = {
  east: 'e', west: 'w', north: 'n', south: 's', central: 'c', northeast: 'ne', northwest: 'nw', southeast: 'se', southwest: 'sw',
};

/** Short form -> region; a short form two regions would share is left out. */
const shortForms: ReadonlyMap<string, string> = (() => {
  const forms = new Map<string, string | null>();
  for (const region of knownRegions) {
    const match = /^([a-z]{2}(?:-gov)?)-([a-z]+)-(\d+)$/.exec(region)!;
    const [, area, direction, number] = match;
    for (const code of areaCodes[area!] ?? []) {
      const form = `${code}${directionCodes[direction!] ?? direction}${number}`;
      forms.set(form, forms.has(form) && forms.get(form) !== region ? null : region);
    }
  }
  return new Map([...forms].filter((entry): entry is [string, string] => entry[1] !== null));
})();

/** The region a person meant: a region name as it is, or a short form expanded. */
export function resolveRegion(value: string): string {
  const name = value.trim().toLowerCase();
  const expanded = shortForms.get(name);
  if (expanded) return expanded;
  if (/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/.test(name)) return name;
  throw usageError(`unknown region '${value}': give a region such as eu-west-1, or a short form such as ew1 (eu-west-1), ue1 (us-east-1), apse2 (ap-southeast-2)`);
}
