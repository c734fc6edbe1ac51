// Ctrl-C: a spawned `nnll surface --out s.json` gets SIGINT after its first progress lines, writes
// the partial result (complete: false, null where not computed) atomically and exits 130;
// `--resume s.json` with the same options finishes it, equal to an uninterrupted run (loss ≤ 1e-6 relative).
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { nnll, nnllJson, repoCase, spawnNnll, tempDir } from './helpers.js';

describe('Ctrl-C and --resume', () => {
  it('surface: interrupted, partial result kept, resumed to the uninterrupted result', async () => {
    const c = repoCase('cnn_maxpool');
    const dir = tempDir('nnll-interrupt-');
    const out = join(dir, 's.json');
    const args = ['surface', '--model', c.model, '--data', c.data, '--x', '-1:1:81', '--y', '-1:1:81', '--threads', '1'];
    const child = spawnNnll([...args, '--out', out], { NNLL_PROGRESS: '1' });
    let stderr = '';
    const status = await new Promise<number | null>((resolve) => {
      let sent = false;
      child.stderr.on('data', (b: Buffer) => {
        stderr += b.toString();
        // the first line comes at the start, the next once points are done
        if (!sent && stderr.split('\n').filter((l) => l.startsWith('surface [')).length >= 2) {
          sent = true;
          child.kill('SIGINT');
        }
      });
      child.on('close', (code) => resolve(code));
    });
    expect(status, stderr).toBe(130);
    expect(stderr).toMatch(/surface \[[#.]+\] [\d,]+\/6,561 .* points\/s {2}ETA/);
    expect(stderr).toMatch(/nnll: interrupted; partial result written to .*s\.json \(continue with --resume .*s\.json\)\n$/);
    expect(readdirSync(dir)).toEqual(['s.json']);
    const partial = JSON.parse(readFileSync(out, 'utf8'));
    expect(partial.complete).toBe(false);
    expect(partial.points_done).toBeGreaterThan(0);
    expect(partial.points_done).toBeLessThan(6561);
    const flat = partial.loss.flat() as (number | null)[];
    expect(flat.filter((v) => v !== null)).toHaveLength(partial.points_done);

    // other options than the interrupted run's: refused
    const differ = nnll([...args.map((a) => (a === '-1:1:81' ? '-2:2:81' : a)), '--resume', out]);
    expect(differ.status).toBe(2);
    expect(differ.stderr).toMatch(/^nnll: resume: x differs \(file: "-1:1:81", now: "-2:2:81"\); resume with the same options\n$/);

    const resumed = nnllJson([...args, '--resume', out, '--out', out]);
    expect(resumed.complete).toBe(true);
    expect(resumed.provenance.counts.forward_passes).toBe(6561 - partial.points_done);
    const whole = nnllJson(args);
    // equal up to float32 rounding: the resumed points are batched differently
    const a = resumed.loss.flat() as number[], b = whole.loss.flat() as number[];
    expect(Math.max(...a.map((v, i) => Math.abs(v - b[i]) / Math.abs(b[i])))).toBeLessThan(1e-6);
    const acc = resumed.accuracy.flat() as number[], accWhole = whole.accuracy.flat() as number[];
    expect(acc.filter((v, i) => Math.abs(v - accWhole[i]) > 1 / c.meta.n).length).toBeLessThanOrEqual(2);
    expect(JSON.parse(readFileSync(out, 'utf8')).complete).toBe(true);
    expect(existsSync(out)).toBe(true);
  });

  it('train: interrupted, keeps the epochs done and the model so far', async () => {
    const dir = tempDir('nnll-interrupt-train-');
    const out = join(dir, 'train.json');
    const child = spawnNnll(['train', '--model', 'mlp:2-64-64-3:tanh', '--data', 'spirals:n=3000', '--optimizer', 'sgd', '--lr', '0.05', '--batch-size', '8', '--epochs', '200', '--save', join(dir, 'm.onnx'), '--out', out, '--threads', '1'], { NNLL_PROGRESS: '1' });
    let stderr = '';
    const status = await new Promise<number | null>((resolve) => {
      let sent = false;
      child.stderr.on('data', (b: Buffer) => {
        stderr += b.toString();
        if (!sent && stderr.split('\n').filter((l) => l.startsWith('train [')).length >= 2) {
          sent = true;
          child.kill('SIGINT');
        }
      });
      child.on('close', (code) => resolve(code));
    });
    expect(status, stderr).toBe(130);
    expect(stderr).toMatch(/nnll: interrupted; .*m\.onnx saved; partial result written to .*train\.json\n$/);
    const r = JSON.parse(readFileSync(out, 'utf8'));
    expect(r.stopped).toBe('interrupted');
    expect(r.steps).toBeGreaterThan(0);
    expect(existsSync(join(dir, 'm.onnx'))).toBe(true);
  });

  it('hessian: interrupted during the trace, keeps the eigenvalues already found', async () => {
    const c = repoCase('mlp_tanh');
    const dir = tempDir('nnll-interrupt-hessian-');
    const out = join(dir, 'h.json');
    const child = spawnNnll(['hessian', '--model', c.model, '--data', c.data, '--top-k', '3', '--trace', '--probes', '100000', '--out', out, '--threads', '1'], { NNLL_PROGRESS: '1' });
    let stderr = '';
    const status = await new Promise<number | null>((resolve) => {
      let sent = false;
      child.stderr.on('data', (b: Buffer) => {
        stderr += b.toString();
        if (!sent && stderr.split('\n').filter((l) => l.startsWith('hessian [')).length >= 3) {
          sent = true;
          child.kill('SIGINT');
        }
      });
      child.on('close', (code) => resolve(code));
    });
    expect(status, stderr).toBe(130);
    expect(stderr).toMatch(/nnll: interrupted; partial result written to .*h\.json\n$/);
    const r = JSON.parse(readFileSync(out, 'utf8'));
    expect(r.complete).toBe(false);
    expect(r.eigenvalues).toHaveLength(3);
    expect(r.trace).toBeNull();
    expect(r.hvp_count).toBeGreaterThan(0);
  });
});
