// One job layer under every frontend: for every kind, `nnll COMMAND --json` equals runJob's result
// for the spec the same command line parses into (timing fields aside); every CLI result passes its
// kind's JSON Schema (the file shipped in @nnll/landscape/schemas, checked by ajv) and, where it has
// a figure, the notes' figure parser; a notes block equals the CLI for the same command line.
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { FIGURE_COMMANDS, jobKinds, kindForCommand, parseCommandLine, parseFigureData, withoutTiming } from '@nnll/landscape';
import { runJob } from '@nnll/landscape/node';
import { createLiveCompute } from '@nnll/notes';
import { nnll, tempDir } from './helpers.js';

const schemas = join(dirname(createRequire(import.meta.url).resolve('@nnll/landscape/package.json')), 'schemas');
const ajv = new Ajv2020({ allErrors: false, strict: false });
const validators = new Map(jobKinds().map((k) => [k.command, ajv.compile(JSON.parse(readFileSync(join(schemas, `${k.kind}.result.schema.json`), 'utf8')))]));

let dir: string;
const M = 'mlp:2-8-3:tanh';
const D = 'spirals:n=120';

/** The command lines of the parity table, one or more per kind, run in `dir`. */
const LINES: string[][] = [
  ['info', '--model', M],
  ['info', '--model', 'a.onnx'],
  ['eval', '--model', 'a.onnx', '--data', D],
  ['eval', '--model', 'mlp:3-4-2:tanh', '--data', 'teacher:inputs=3,outputs=2,n=50'],
  ['grad', '--model', 'a.onnx', '--data', D, '--save', 'g.npz'],
  ['hvp', '--model', 'a.onnx', '--data', D, '--vector', 'v.npz'],
  ['hessian', '--model', 'a.onnx', '--data', D, '--top-k', '3', '--min', '--trace', '--density', '--probes', '20', '--density-runs', '2', '--density-steps', '20'],
  ['hessian', '--model', M, '--data', D, '--exact', '--per-layer'],
  ['surface', '--model', 'a.onnx', '--data', D, '--x', '-1:1:5', '--y', '-0.5:0.5:3', '--test', 'spirals:n=60,seed=4'],
  ['surface', '--model', 'a.onnx', '--data', D, '--x', '-1:1:7', '--norm', 'none', '--x-dir', 'v.npz'],
  ['interpolate', '--model', 'a.onnx', '--to', 'b.onnx', '--data', D, '--t', '-0.5:1.5:9', '--test', 'spirals:n=60,seed=4'],
  ['train', '--model', M, '--data', D, '--test', 'spirals:n=60,seed=4', '--optimizer', 'momentum', '--lr', '0.05', '--batch-size', '16', '--epochs', '3', '--record-every', '5', '--save', 'c.onnx'],
  ['demo', '--model', M, '--data', D, '--epochs', '2', '--grid', '3', '--top-k', '2', '--out', 'report'],
  ['train', '--model', M, '--data', D, '--optimizer', 'sgd', '--lr', '0.5', '--batch-size', '120', '--epochs', '6', '--track', 'lambda_max,trace', '--track-every', '2', '--track-probes', '3'],
  ['sharpness', '--model', 'a.onnx', '--data', D, '--probes', '5', '--directions', '4', '--ascent-iter', '4', '--mc-samples', '3', '--pac-samples', '2', '--pac-depth', '4', '--eps', '1e-3'],
  ['reparam', '--model', 'mlp:2-8-3:relu', '--data', D, '--layer', '0', '--alpha', '0.5,4', '--measures', 'lambda_max,trace_filter,adaptive_worst', '--directions', '3', '--ascent-iter', '3', '--x', '-1:1:5'],
  ['study', 'temperature', '--model', 'mlp:2-6-3:relu', '--data', D, '--test', 'spirals:n=60,seed=4', '--lrs', '0.05,0.2', '--batch-sizes', '16,60', '--epochs', '1', '--measures', 'lambda_max,eps_sharpness', '--ascent-iter', '3'],
];

beforeAll(() => {
  dir = tempDir('nnll-parity-');
  const run = (...args: string[]) => {
    const r = nnll([...args, '--quiet'], {}, dir);
    if (r.status !== 0) throw new Error(`nnll ${args.join(' ')}: ${r.stderr}`);
  };
  run('train', '--model', M, '--data', D, '--optimizer', 'adam', '--lr', '0.02', '--epochs', '5', '--batch-size', '16', '--save', 'a.onnx');
  run('train', '--model', M, '--data', D, '--optimizer', 'adam', '--lr', '0.02', '--epochs', '5', '--batch-size', '16', '--seed', '1', '--save', 'b.onnx');
  run('grad', '--model', 'a.onnx', '--data', 'spirals:n=30,seed=9', '--save', 'v.npz');
});

describe('the CLI is a thin frontend over runJob', () => {
  it('every kind is covered by the table below', () => {
    expect(new Set(LINES.map((l) => l[0]))).toEqual(new Set(jobKinds().map((k) => k.command)));
  });

  it.each(LINES.map((l) => [l.join(' '), l]))('%s', async (_name, line) => {
    const r = nnll([...line, '--json', '--threads', '2'], {}, dir);
    expect(r.status, r.stderr).toBe(0);
    const cli = JSON.parse(r.stdout);
    // the same command line, parsed by the job layer and run in this process
    const { spec } = parseCommandLine(line.filter((w, i) => !(line[i - 1] === '--out' || w === '--out')));
    const lib = await runJob(spec!, { base: dir, threads: 2 });
    expect(withoutTiming(cli)).toEqual(withoutTiming(lib));
    // the JSON Schema file says the same as the runtime check
    const validate = validators.get(line[0])!;
    expect(validate(cli), JSON.stringify(validate.errors?.slice(0, 2))).toBe(true);
    expect(cli.schema).toBe(kindForCommand(line[0])!.schemaId);
    if (FIGURE_COMMANDS.includes(line[0])) expect(parseFigureData(cli)).toBeTruthy();
  });
});

describe('a notes block is the same job', () => {
  it.each([
    ['surface', '--model', '../a.onnx', '--data', D, '--x', '-1:1:5', '--y', '-1:1:3'],
    ['surface', '--model', '../a.onnx', '--data', D, '--x', '-1:1:5', '--norm', 'none'],
    ['interpolate', '--model', '../a.onnx', '--to', '../b.onnx', '--data', D, '--t', '0:1:5'],
    ['hessian', '--model', '../a.onnx', '--data', D, '--top-k', '2', '--density'],
    ['train', '--model', M, '--data', D, '--epochs', '2', '--batch-size', '32'],
  ])('%s %s %s …', async (...words) => {
    const posts = join(dir, 'posts');
    mkdirSync(join(posts, 'post'), { recursive: true });
    writeFileSync(join(posts, 'post', 'index.md'), '# p\n');
    for (const f of ['a.onnx', 'b.onnx']) copyFileSync(join(dir, f), join(posts, f));
    const [command, ...args] = words;
    const block = await createLiveCompute()({ command, args, text: words.join(' '), baseDir: join(posts, 'post'), post: join('post', 'index.md'), hash: 'x' });
    // the CLI from the post's folder, one thread as the notes use for small data
    const r = nnll([...words, '--json', '--threads', '1'], {}, join(posts, 'post'));
    expect(r.status, r.stderr).toBe(0);
    expect(withoutTiming(block)).toEqual(withoutTiming(JSON.parse(r.stdout)));
  });
});
