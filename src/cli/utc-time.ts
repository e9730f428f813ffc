// How messages and tables show a moment: in UTC to the minute, the zone said, so a time reads the same in every
// terminal and beside a server's log on another machine. A moment is a Date or an ISO 8601 UTC timestamp (a Date's
// toISOString, botocore's cache timestamps), which are cut rather than parsed, so a mangled one shows as it is.

type Moment = Date | string;

const iso = (when: Moment): string => (typeof when === 'string' ? when : when.toISOString());

/** "HH:MM UTC". */
export function utcTime(when: Moment): string {
  return `${iso(when).slice(11, 16)} UTC`;
}

/** "YYYY-MM-DD HH:MM UTC". */
export function utcDateTime(when: Moment): string {
  return `${iso(when).slice(0, 16).replace('T', ' ')} UTC`;
}
