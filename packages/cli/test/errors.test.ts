// The error table: bad input exits 2 with one line naming the file, flag or shape, no stack
// trace, nothing on stdout and no --out file; internal errors exit 1 with the versions.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeNpz } from '@nnll/landscape';
import { decode, nnll, repoCase, tempDir, type RepoCase } from './helpers.js';

let dir: string;
let c: RepoCase;
let cnn: RepoCase;
const files: Record<string, string> = {};

beforeAll(() => {
  dir = tempDir('nnll-errors-');
  c = repoCase('mlp_tanh');
  cnn = repoCase('cnn_maxpool');
  const onnx = readFileSync(c.model);
  const at = (name: string) => join(dir, name);
  writeFileSync((files.notOnnx = at('notes.onnx')), 'these are my notes, not a model\n');
  writeFileSync((files.truncated = at('truncated.onnx')), onnx.subarray(0, Math.floor(onnx.length * 0.6)));
  // Tanh → Asin: an op nnll does not support, same length so the protobuf stays valid.
  writeFileSync((files.unsupported = at('asin.onnx')), Buffer.from(onnx.toString('latin1').replaceAll('Tanh', 'Asin'), 'latin1'));
  // A NaN in the first weight: find its float32 bytes in the file and overwrite them.
  const theta = decode(c.meta.theta) as Float32Array;
  const first = Buffer.from(theta.buffer, 0, 8);
  const pos = onnx.indexOf(first);
  const nanModel = Buffer.from(onnx);
  nanModel.writeFloatLE(NaN, pos);
  writeFileSync((files.nanWeights = at('nan-weights.onnx')), nanModel);
  const x = decode(JSON.parse(readFileSync(join(c.dir, 'expected.json'), 'utf8')).x) as Float32Array;
  const labels = Int32Array.from({ length: c.meta.n }, (_, i) => i % 3);
  labels[7] = 5;
  writeFileSync((files.badLabels = at('labels.npz')), encodeNpz({ x: { shape: [c.meta.n, 2], data: x }, y: { shape: [c.meta.n], data: labels } }));
  const xNaN = x.slice();
  xNaN[7] = Infinity;
  writeFileSync((files.infData = at('inf.npz')), encodeNpz({ x: { shape: [c.meta.n, 2], data: xNaN }, y: { shape: [c.meta.n], data: labels.map((v) => v % 3) } }));
});

const ROWS: [string, () => string[], RegExp][] = [
  ['missing model file', () => ['eval', '--model', join(dir, 'nope.onnx'), '--data', c.data], /^nnll: --model .*nope\.onnx: no such file$/],
  ['missing data file', () => ['eval', '--model', c.model, '--data', join(dir, 'nope.npz')], /--data .*nope\.npz: no such data file or folder/],
  ['a file that is not ONNX', () => ['eval', '--model', files.notOnnx, '--data', c.data], /notes\.onnx: not a valid ONNX model/],
  ['a truncated ONNX file', () => ['eval', '--model', files.truncated, '--data', c.data], /truncated\.onnx: not a valid ONNX model/],
  ['an unsupported op (named, with its node)', () => ['eval', '--model', files.unsupported, '--data', c.data], /asin\.onnx: unsupported op Asin \(node \S+\)/],
  ['model/data shape mismatch', () => ['eval', '--model', cnn.model, '--data', c.data], /--data .*data\.npz: data shape \[2\] does not match the input \[1,\d+,\d+\] of .*model\.onnx/],
  ['labels out of range', () => ['eval', '--model', c.model, '--data', files.badLabels], /--data .*labels\.npz: sample 7: label 5 out of range \[0, 3\)/],
  ['NaN in the weights', () => ['eval', '--model', files.nanWeights, '--data', c.data], /nan-weights\.onnx: parameter fc1\.weight holds NaN at index 0/],
  ['Inf in the data', () => ['eval', '--model', c.model, '--data', files.infData], /--data .*inf\.npz: sample 3: input value Infinity is not finite/],
  ['a malformed range', () => ['surface', '--model', c.model, '--data', c.data, '--x', '1:2'], /invalid --x: "1:2" \(expected min:max:num/],
  ['an unknown flag', () => ['surface', '--model', c.model, '--data', c.data, '--colour', 'red'], /unknown flag --colour for surface \(see nnll surface --help\)$/],
  ['a missing required flag', () => ['hvp', '--model', c.model, '--data', c.data], /missing --vector/],
  ['an unknown norm', () => ['surface', '--model', c.model, '--data', c.data, '--norm', 'l2'], /invalid --norm: "l2" \(none, filter, layer, weight, dfilter, dlayer\)$/],
  ['a direction of the wrong shape', () => ['surface', '--model', cnn.model, '--data', cnn.data, '--x-dir', c.d1], /--x-dir .*d1\.npz: no array named conv1\.weight|--x-dir .*d1\.npz: .* has shape/],
  ['a bad schedule', () => ['train', '--model', 'mlp:2-8-3:relu', '--data', 'spirals', '--schedule', 'cosine:fast'], /invalid --schedule: "cosine:fast" \(constant, cosine\[:MIN\], step:EVERY:GAMMA or warmup:STEPS\[,SCHEDULE\]\)$/],
  ['a bad optimizer', () => ['train', '--model', 'mlp:2-8-3:relu', '--data', 'spirals', '--optimizer', 'lbfgs'], /invalid --optimizer: "lbfgs" \(sgd, momentum, nesterov, adam, adamw\)$/],
  ['a grid axis too long for memory', () => ['surface', '--model', c.model, '--data', c.data, '--x', '-1:1:1000000', '--y', '-1:1:1000000'], /invalid --x: "-1:1:1000000" \(at most 10,001 values\)$/],
  ['a grid too large for memory', () => ['surface', '--model', c.model, '--data', c.data, '--x', '-1:1:10000', '--y', '-1:1:10000'], /invalid --y: "-1:1:10000" \(10,000 × 10,000 = 100,000,000 grid points, at most 1,000,000\)$/],
  ['a trajectory too large for memory', () => ['train', '--model', 'mlp:784-64-10:relu', '--data', 'mnist', '--epochs', '1000', '--record-every', '1', '--batch-size', '1'], /invalid --record-every: 1 \(10,000,002 checkpoints of 50,890 parameters take 1895\.8 GiB, at most 2 GiB; record less often\)$/],
  ['a bad model spec', () => ['train', '--model', 'mlp:2-x-3', '--data', 'spirals'], /invalid layer widths in model spec: mlp:2-x-3/],
  ['an unknown sharpness measure', () => ['sharpness', '--model', c.model, '--data', c.data, '--measures', 'lambda_max,flatness'], /invalid --measures: "flatness" \(lambda_max, trace, .*pac_bayes_sigma_mag\)$/],
  ['a negative ε', () => ['sharpness', '--model', c.model, '--data', c.data, '--eps', '1e-3,-2'], /invalid --eps: -2 \(expected a number/],
  ['a layer the model does not have', () => ['reparam', '--model', 'mlp:2-8-3:relu', '--data', 'spirals', '--layer', 'fc9.weight', '--alpha', '2'], /invalid layer: "fc9\.weight" \(a dense or conv layer's weight: fc1\.weight, fc2\.weight, or its index\)$/],
  ['α = 0', () => ['reparam', '--model', 'mlp:2-8-3:relu', '--data', 'spirals', '--layer', '0', '--alpha', '0'], /invalid --alpha: 0 \(expected a number/],
  ['a batch size that is not a number', () => ['study', 'temperature', '--model', 'mlp:2-8-3:relu', '--data', 'spirals', '--batch-sizes', '16,x'], /invalid --batch-sizes: "16,x" \(expected an integer\)$/],
  ['an unknown tracked measure', () => ['train', '--model', 'mlp:2-8-3:relu', '--data', 'spirals', '--track', 'lambda_max,curvature'], /invalid --track: "curvature" \(lambda_max, trace\)$/],
];

describe('bad input: exit 2, one line, no stack trace, no output file', () => {
  it.each(ROWS)('%s', (_name, args, message) => {
    const out = join(dir, `out-${Math.random().toString(36).slice(2)}.json`);
    const r = nnll([...args(), '--out', out]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^nnll: /);
    expect(lines[0]).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });
});

describe('internal errors', () => {
  it('exit 1 with a short message and the versions', async () => {
    // In-process: a command that fails the way a bug does.
    const { main } = await import('../dist/index.js');
    const { OTHER_COMMANDS } = await import('../dist/cli.js');
    OTHER_COMMANDS.boom = { summary: 'fails like a bug', examples: [], async run() { throw new TypeError("Cannot read properties of undefined (reading 'shape')"); } };
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['boom'])).toBe(1);
      const text = spy.mock.calls.map((c) => String(c[0])).join('');
      const lines = text.split('\n').filter(Boolean);
      expect(lines[0]).toBe("nnll: internal error: Cannot read properties of undefined (reading 'shape')");
      expect(lines[1]).toMatch(/nnll \d+\.\d+\.\d+, @nnll\/landscape \d+\.\d+\.\d+, node v\d+/);
      expect(lines).toHaveLength(2);
    } finally {
      spy.mockRestore();
      delete OTHER_COMMANDS.boom;
    }
  });

  it('an --out folder that does not exist is bad usage, found before any work', () => {
    const r = nnll(['eval', '--model', c.model, '--data', c.data, '--out', join(dir, 'no-such-folder', 'r.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^nnll: --out .*no-such-folder.*: no such folder\n$/);
  });
});
