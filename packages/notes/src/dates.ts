/**
 * Post dates. Accepts ISO dates (`2022-07-19`, optionally followed by a time), the blog export's
 * `Tuesday, July 19 2022`, `July 19, 2022` and `19 July 2022`; month names full or abbreviated.
 * The result is a calendar date (`YYYY-MM-DD`): no time zone is involved anywhere.
 */

const MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december',
];
const WEEKDAY = /^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+/i;

function monthIndex(name: string): number {
  const lower = name.toLowerCase().replace(/\.$/, '');
  if (lower.length < 3) return -1;
  return MONTHS.findIndex((month) => month.startsWith(lower));
}

function calendarDate(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1000 || year > 9999) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return undefined; // 31 June and friends
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** `YYYY-MM-DD`, or `undefined` when `text` is not a date in one of the accepted forms. */
export function parsePostDate(text: string): string | undefined {
  const value = text.trim().replace(WEEKDAY, '');
  let match = /^(\d{4})-(\d{2})-(\d{2})(?:[T\s].*)?$/.exec(value);
  if (match) return calendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^([A-Za-z]+\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/.exec(value);
  if (match) {
    const month = monthIndex(match[1]);
    return month < 0 ? undefined : calendarDate(Number(match[3]), month + 1, Number(match[2]));
  }
  match = /^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+\.?),?\s+(\d{4})$/.exec(value);
  if (match) {
    const month = monthIndex(match[2]);
    return month < 0 ? undefined : calendarDate(Number(match[3]), month + 1, Number(match[1]));
  }
  return undefined;
}

/** `2022-07-19` → `July 19, 2022`. */
export function formatPostDate(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number);
  const name = MONTHS[month - 1];
  return `${name[0].toUpperCase()}${name.slice(1)} ${day}, ${year}`;
}
