/**
 * `teacher`: teacher–student regression (the data of the mlp_sigmoid_regression fixture's
 * kind). A random teacher MLP inputs → hidden (sigmoid) → outputs has every weight and bias
 * drawn from N(0, 1/fan_in); inputs are standard normal and targets are teacher(x) plus
 * N(0, noise²). Draw order from one normal stream seeded by `seed`: W1 [hidden, inputs], b1,
 * W2 [outputs, hidden], b2, then per sample its inputs and its target noise — so the teacher
 * does not depend on n and a smaller set is a prefix of a larger one. Browser-safe.
 */
import type { Dataset } from './dataset.js';
import { normal } from '../random.js';
import { checkOption, generated, specName } from './synthetic.js';

export interface TeacherOptions {
  /** Number of samples. Default 300. */
  n?: number;
  /** Input dimension. Default 6. */
  inputs?: number;
  /** Hidden width of the teacher. Default 8. */
  hidden?: number;
  /** Number of targets per sample. Default 2. */
  outputs?: number;
  /** Standard deviation of the Gaussian target noise. Default 0.05. */
  noise?: number;
  /** Default 0. */
  seed?: number;
}

export const teacherDefaults: Required<TeacherOptions> = { n: 300, inputs: 6, hidden: 8, outputs: 2, noise: 0.05, seed: 0 };

export interface TeacherNetwork {
  w1: Float64Array;
  b1: Float64Array;
  w2: Float64Array;
  b2: Float64Array;
  /** The noiseless teacher output for one input row. */
  predict(x: ArrayLike<number>): Float64Array;
}

/** The teacher of `teacher(options)` and the normal stream positioned after its parameters. */
function teacherFrom(o: Required<TeacherOptions>): { net: TeacherNetwork; rnd: () => number } {
  const rnd = normal(o.seed);
  const draws = (count: number, fanIn: number) => Float64Array.from({ length: count }, () => rnd() / Math.sqrt(fanIn));
  const w1 = draws(o.hidden * o.inputs, o.inputs), b1 = draws(o.hidden, o.inputs);
  const w2 = draws(o.outputs * o.hidden, o.hidden), b2 = draws(o.outputs, o.hidden);
  const h = new Float64Array(o.hidden);
  const predict = (x: ArrayLike<number>): Float64Array => {
    for (let j = 0; j < o.hidden; j++) {
      let z = b1[j];
      for (let a = 0; a < o.inputs; a++) z += w1[j * o.inputs + a] * x[a];
      h[j] = 1 / (1 + Math.exp(-z));
    }
    const y = new Float64Array(o.outputs);
    for (let k = 0; k < o.outputs; k++) {
      let z = b2[k];
      for (let j = 0; j < o.hidden; j++) z += w2[k * o.hidden + j] * h[j];
      y[k] = z;
    }
    return y;
  };
  return { net: { w1, b1, w2, b2, predict }, rnd };
}

/** The random teacher network behind `teacher(options)`. */
export function teacherNetwork(options: TeacherOptions = {}): TeacherNetwork {
  return teacherFrom({ ...teacherDefaults, ...options }).net;
}

export function teacher(options: TeacherOptions = {}): Dataset {
  const o = { ...teacherDefaults, ...options };
  checkOption('teacher', 'n', o.n, 'positive-int');
  checkOption('teacher', 'inputs', o.inputs, 'positive-int');
  checkOption('teacher', 'hidden', o.hidden, 'positive-int');
  checkOption('teacher', 'outputs', o.outputs, 'positive-int');
  checkOption('teacher', 'noise', o.noise, 'non-negative');
  checkOption('teacher', 'seed', o.seed, 'int');
  const { net, rnd } = teacherFrom(o);
  const x = new Float32Array(o.n * o.inputs), targets = new Float32Array(o.n * o.outputs);
  for (let i = 0; i < o.n; i++) {
    const row = x.subarray(i * o.inputs, (i + 1) * o.inputs);
    for (let a = 0; a < o.inputs; a++) row[a] = rnd();
    const y = net.predict(row);
    for (let k = 0; k < o.outputs; k++) targets[i * o.outputs + k] = y[k] + o.noise * rnd();
  }
  return generated({ name: specName('teacher', o), shape: [o.inputs], x, targets, n: o.n });
}
