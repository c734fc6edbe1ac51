import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../src/data/csv.js';

describe('CSV', () => {
  it('takes the column named label, integer values → classification', () => {
    const ds = parseCsv(readFileSync(new URL('./fixtures/data/classification.csv', import.meta.url)), 'c.csv');
    expect(ds).toEqual({ name: 'c.csv', shape: [3], n: 3, x: Float32Array.of(0.5, 1.5, -1, 1, 2, 3.25, -0.25, 4, 0), labels: Int32Array.of(2, 0, 1), classes: 3 });
  });
  it('else the last column; non-integer values → regression targets; CRLF and blank lines', () => {
    const ds = parseCsv(readFileSync(new URL('./fixtures/data/regression.csv', import.meta.url), 'utf8'), 'r.csv');
    expect(ds).toEqual({ name: 'r.csv', shape: [2], n: 2, x: Float32Array.of(0.5, 1, 1.5, 2), targets: Float32Array.of(0.25, -3.5) });
  });
  it('honours a task override, a BOM, quoted headers and nan / inf cells', () => {
    const ds = parseCsv('\uFEFF"a","b"\n1,2\n3,4\n', 'q.csv', { task: 'regression' });
    expect(ds.targets).toEqual(Float32Array.of(2, 4));
    const odd = parseCsv('a,b,label\nnan,-inf,0\nInfinity,1e3,1\n', 'o.csv');
    expect(Array.from(odd.x)).toEqual([NaN, -Infinity, Infinity, 1000]);
    expect(() => parseCsv('a,b\n1,0.5\n', 'o.csv', { task: 'classification' })).toThrow('o.csv: sample 0: label 0.5 is not an integer class index');
  });
  it('names the file and line of ragged rows and non-numeric cells', () => {
    expect(() => parseCsv('a,b,label\n1,2,0\n1,2\n', 'd.csv')).toThrow('d.csv:3: expected 3 cells as in the header, found 2');
    expect(() => parseCsv('a,b,label\n1,2,0\n\n1,x,1\n', 'd.csv')).toThrow('d.csv:4: column "b": not a number: "x"');
    expect(() => parseCsv('a,b,label\n1,,0\n', 'd.csv')).toThrow('d.csv:2: column "b": not a number: ""');
    expect(() => parseCsv('a,b,label\n"1,2,0\n', 'd.csv')).toThrow('d.csv:2: unterminated quoted cell');
    expect(() => parseCsv('', 'd.csv')).toThrow('d.csv: empty CSV file');
    expect(() => parseCsv('a,label\n', 'd.csv')).toThrow('d.csv: no data rows after the header');
    expect(() => parseCsv('label\n1\n', 'd.csv')).toThrow('d.csv:1: header has 1 column; expected inputs and a label column');
  });
});
