// Bad ONNX input gives a ModelError with a one-line message that names the file and, for graph
// problems, the op type and node — never a protobufjs stack trace. The broken models are the
// reference fixtures edited at the message level and re-encoded.
import { describe, expect, it } from 'vitest';
import { importOnnx } from '../src/models/onnx-import.js';
import { ModelError } from '../src/models/model.js';
import { decodeModel, encodeModel, DTYPE, type OnnxModel } from '../src/models/onnx-proto.js';
import { uniform } from '../src/random.js';
import { readOnnxCase } from './fixtures/onnx/fixtures.js';

const tanh = readOnnxCase('mlp_tanh').bytes;
const cnn = readOnnxCase('cnn_maxpool').bytes;
const PATH = 'models/broken.onnx';

/** The ModelError message importOnnx throws (fails the test if it throws anything else or nothing). */
function errorOf(bytes: Uint8Array, loss?: 'cross-entropy' | 'mse'): string {
  try {
    importOnnx(bytes, { path: PATH, loss });
  } catch (e) {
    expect(e).toBeInstanceOf(ModelError);
    const msg = (e as Error).message;
    expect(msg).not.toContain('\n');
    expect(msg.startsWith(`${PATH}: `)).toBe(true);
    return msg;
  }
  throw new Error('expected a ModelError');
}

/** A copy of a fixture with its decoded message edited. */
function edited(bytes: Uint8Array, edit: (m: OnnxModel) => void): Uint8Array {
  const m = decodeModel(bytes, 'fixture');
  edit(m);
  return encodeModel(m);
}

describe('ONNX import errors', () => {
  it('a truncated file', () => {
    for (const cut of [tanh.length - 1, tanh.length - 100, Math.floor(tanh.length / 2), 10]) {
      expect(errorOf(tanh.subarray(0, cut))).toMatch(/^models\/broken\.onnx: not a valid ONNX model \(.+\)$/);
    }
  });

  it('random bytes and an empty file', () => {
    const u = uniform(3);
    for (let trial = 0; trial < 20; trial++) {
      const bytes = Uint8Array.from({ length: 64 + trial * 37 }, () => Math.floor(256 * u()));
      expect(errorOf(bytes)).toMatch(/not a valid ONNX model/);
    }
    expect(errorOf(new Uint8Array(0))).toBe(`${PATH}: not a valid ONNX model (no graph with nodes)`);
    expect(errorOf(new TextEncoder().encode('{"format": "layers-model"}'))).toMatch(/not a valid ONNX model/);
  });

  it('an unsupported op names the op type and the node', () => {
    const bytes = edited(tanh, (m) => { m.graph!.node![1].op_type = 'Selu'; });
    expect(errorOf(bytes)).toBe(`${PATH}: unsupported op Selu (node /Tanh)`);
    const lstm = edited(tanh, (m) => { m.graph!.node![1].op_type = 'LSTM'; m.graph!.node![1].name = 'rnn/lstm'; });
    expect(errorOf(lstm)).toBe(`${PATH}: unsupported op LSTM (node rnn/lstm)`);
  });

  it('unsupported attributes name the node, op and attribute', () => {
    const group = edited(cnn, (m) => { m.graph!.node![0].attribute!.find((a) => a.name === 'group')!.i = 2; });
    expect(errorOf(group)).toBe(`${PATH}: node /conv1/Conv (Conv): group=2 is not supported (only 1)`);
    const ceil = edited(cnn, (m) => { m.graph!.node![2].attribute!.find((a) => a.name === 'ceil_mode')!.i = 1; });
    expect(errorOf(ceil)).toBe(`${PATH}: node /MaxPool (MaxPool): ceil_mode=1 is not supported`);
    const transA = edited(tanh, (m) => { m.graph!.node![0].attribute!.push({ name: 'transA', type: 2, i: 1 }); });
    expect(errorOf(transA)).toBe(`${PATH}: node /fc1/Gemm (Gemm): transA=1 is not supported`);
  });

  it('a non-float weight', () => {
    const bytes = edited(tanh, (m) => {
      const t = m.graph!.initializer![2]; // fc2.weight
      const f = new Float32Array(new Uint8Array(t.raw_data!).buffer);
      t.data_type = DTYPE.DOUBLE;
      t.raw_data = new Uint8Array(Float64Array.from(f).buffer);
    });
    expect(errorOf(bytes)).toBe(`${PATH}: node /fc2/Gemm (Gemm): weight fc2.weight is DOUBLE; parameters must be float32`);
    const f16 = edited(tanh, (m) => { m.graph!.initializer![2].data_type = DTYPE.FLOAT16; });
    expect(errorOf(f16)).toBe(`${PATH}: initializer fc2.weight: tensor fc2.weight has unsupported FLOAT16`);
  });

  it('shapes that do not fit', () => {
    const bytes = edited(tanh, (m) => {
      const t = m.graph!.initializer![2]; // fc2.weight [16, 16] → [16, 15]
      t.dims = [16, 15];
      t.raw_data = new Uint8Array(t.raw_data!).slice(0, 16 * 15 * 4);
    });
    expect(errorOf(bytes)).toBe(`${PATH}: node /fc2/Gemm (Gemm): input of shape [N,16] does not match weight fc2.weight [16,15] (out-in)`);
    const short = edited(tanh, (m) => { const t = m.graph!.initializer![0]; t.raw_data = new Uint8Array(t.raw_data!).slice(0, 20); });
    expect(errorOf(short)).toBe(`${PATH}: initializer fc1.weight: tensor fc1.weight holds 5 values, its shape [16,2] needs 32`);
    const input = edited(cnn, (m) => { m.graph!.input![0].type!.tensor_type!.shape!.dim![3] = { dim_value: 14 }; });
    expect(errorOf(input)).toBe(`${PATH}: node /fc/Gemm (Gemm): input of shape [N,90] does not match weight fc.weight [5,54] (out-in)`);
    const dynamic = edited(cnn, (m) => { m.graph!.input![0].type!.tensor_type!.shape!.dim![2] = { dim_param: 'H' }; });
    expect(errorOf(dynamic)).toBe(`${PATH}: input input has an unresolved dimension 2 (H); only the batch dimension may be dynamic`);
  });

  it('an unsupported opset, a mid-graph Softmax, a second graph output', () => {
    expect(errorOf(edited(tanh, (m) => { m.opset_import = [{ domain: '', version: 7 }]; }))).toBe(`${PATH}: opset 7 is not supported (9 to 21)`);
    const softmax = edited(tanh, (m) => { m.graph!.node![1].op_type = 'Softmax'; });
    expect(errorOf(softmax)).toBe(`${PATH}: node /Tanh (Softmax): Softmax / LogSoftmax is only supported as the last op (the loss is taken on the logits)`);
    const two = edited(tanh, (m) => { m.graph!.output!.push({ name: '/Tanh_output_0' }); });
    expect(errorOf(two)).toBe(`${PATH}: expected one graph output, found 2`);
  });

  it('an invalid loss option', () => {
    expect(() => importOnnx(tanh, { loss: 'hinge' as 'mse' })).toThrow(new ModelError('invalid loss: hinge'));
  });
});
