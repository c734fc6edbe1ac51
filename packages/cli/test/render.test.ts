// --plot and --csv on the commands that take them: the files exist, are what their extension
// says, and the CSV holds the result's numbers.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { nnll, nnllJson, repoCase, tempDir } from './helpers.js';

describe('--plot and --csv', () => {
  it('surface (2-D and 1-D), interpolate, hessian and train write their figure and table', () => {
    const c = repoCase('mlp_tanh');
    const dir = tempDir('nnll-render-');
    const at = (f: string) => join(dir, f);
    const md = ['--model', c.model, '--data', c.data];

    const s = nnllJson(['surface', ...md, '--x', '-1:1:5', '--y', '-1:1:3', '--plot', at('s.svg'), '--csv', at('s.csv')]);
    expect(readFileSync(at('s.svg'), 'utf8')).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const rows = readFileSync(at('s.csv'), 'utf8').trim().split('\n');
    expect(rows[0]).toBe('x,y,loss,accuracy');
    expect(rows).toHaveLength(1 + 5 * 3);
    expect(Number(rows[1 + 2 * 3 + 1].split(',')[2])).toBe(s.loss[2][1]);

    nnllJson(['surface', ...md, '--x', '-1:1:5', '--plot', at('line.png'), '--csv', at('line.csv')]);
    expect([...readFileSync(at('line.png')).subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
    expect(readFileSync(at('line.csv'), 'utf8').split('\n')[0]).toBe('x,loss,accuracy');

    const ip = nnllJson(['interpolate', ...md, '--to', c.modelB!, '--t', '0:1:5', '--plot', at('i.html'), '--csv', at('i.csv')]);
    expect(readFileSync(at('i.html'), 'utf8')).toMatch(/<html[\s\S]*<svg/);
    expect(readFileSync(at('i.csv'), 'utf8').trim().split('\n').slice(1).map((r) => Number(r.split(',')[1]))).toEqual(ip.loss);

    nnllJson(['hessian', ...md, '--exact', '--density', '--plot', at('h.svg'), '--csv', at('h.csv')]);
    expect(readFileSync(at('h.csv'), 'utf8').split('\n')[0]).toBe('x,density');
    nnllJson(['hessian', ...md, '--top-k', '3', '--csv', at('top.csv')]);
    expect(readFileSync(at('top.csv'), 'utf8').trim().split('\n')).toHaveLength(4);

    const t = nnllJson(['train', '--model', 'mlp:2-8-3:tanh', '--data', 'spirals', '--epochs', '2', '--plot', at('t.svg'), '--csv', at('t.csv')]);
    const history = readFileSync(at('t.csv'), 'utf8').trim().split('\n');
    expect(history[0]).toMatch(/^epoch,step,train_loss,train_accuracy/);
    expect(history).toHaveLength(1 + t.history.length);
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('a plot file of another kind is refused before any work', () => {
    const r = nnll(['train', '--model', 'mlp:2-8-3:tanh', '--data', 'spirals', '--plot', 'curves.pdf']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('nnll: invalid --plot: curves.pdf (expected a .svg, .png or .html file)\n');
  });
});
