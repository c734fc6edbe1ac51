// The same small network and data in Node and in the browser: a conv + dense classifier.
import { ProgramBuilder } from '../../dist/index.js';

export function browserCase() {
  const b = new ProgramBuilder([1, 6, 6]);
  let h = b.activation(b.conv2d(b.input, { out: 3, kernel: 3, pad: 1 }), 'relu');
  h = b.dense(b.reshape(b.maxpool(h, { kernel: 2 })), 4);
  const program = b.build(h, 'cross-entropy');
  const P = 3 * 9 + 3 + 27 * 4 + 4;
  const theta = Float32Array.from({ length: P }, (_, i) => 0.4 * Math.sin(1.3 * i + 0.2));
  const v = Float32Array.from({ length: P }, (_, i) => Math.cos(0.7 * i));
  const n = 40;
  const x = Float32Array.from({ length: n * 36 }, (_, i) => Math.sin(0.37 * i) * Math.cos(0.11 * i));
  const labels = Int32Array.from({ length: n }, (_, i) => (i * 7) % 4);
  return { program, theta, v, x, labels, n };
}
