import { describe, expect, it } from 'vitest';
import { formatPostDate, parsePostDate } from '../src/dates.js';

describe('parsePostDate', () => {
  it.each([
    ['Tuesday, July 19 2022', '2022-07-19'],
    ['Monday, July 18 2022', '2022-07-18'],
    ['July 19, 2022', '2022-07-19'],
    ['Jul 9 2022', '2022-07-09'],
    ['19 July 2022', '2022-07-19'],
    ['2022-07-17 20:55 UTC (2 hours ago)', '2022-07-17'],
    ['2023-03-10', '2023-03-10'],
    ['2023-03-10T12:00:00Z', '2023-03-10'],
  ])('%s → %s', (text, iso) => {
    expect(parsePostDate(text)).toBe(iso);
  });

  it.each(['', 'testing123', 'February 30 2022', '2022-13-01', 'Wide Basins', 'Ma 3 2022'])('rejects %j', (text) => {
    expect(parsePostDate(text)).toBeUndefined();
  });

  it('formats for display', () => {
    expect(formatPostDate('2022-07-09')).toBe('July 9, 2022');
  });
});
