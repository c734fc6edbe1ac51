/**
 * ONNX protobuf reading and writing with protobufjs over the vendored schema (schema/onnx.proto,
 * embedded in onnx-schema.ts). Messages are handled as plain objects with the schema's
 * snake_case field names; int64 fields are plain numbers.
 */
import protobuf from 'protobufjs';
import { ONNX_PROTO } from './onnx-schema.js';
import { ModelError } from './model.js';

export interface OnnxTensor {
  name?: string;
  dims?: number[];
  data_type?: number;
  raw_data?: Uint8Array;
  float_data?: number[];
  int32_data?: number[];
  int64_data?: number[];
  double_data?: number[];
  data_location?: number;
}
export interface OnnxAttribute {
  name: string;
  type?: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  t?: OnnxTensor;
  floats?: number[];
  ints?: number[];
}
export interface OnnxNode {
  input?: string[];
  output?: string[];
  name?: string;
  op_type?: string;
  domain?: string;
  attribute?: OnnxAttribute[];
}
export interface OnnxValueInfo {
  name?: string;
  type?: { tensor_type?: { elem_type?: number; shape?: { dim?: { dim_value?: number; dim_param?: string }[] } } };
}
export interface OnnxGraph {
  node?: OnnxNode[];
  name?: string;
  initializer?: OnnxTensor[];
  input?: OnnxValueInfo[];
  output?: OnnxValueInfo[];
}
export interface OnnxModel {
  ir_version?: number;
  producer_name?: string;
  producer_version?: string;
  graph?: OnnxGraph;
  opset_import?: { domain?: string; version?: number }[];
}

/** TensorProto.DataType codes by name, and the other way round for messages. */
export const DTYPE = { FLOAT: 1, UINT8: 2, INT8: 3, UINT16: 4, INT16: 5, INT32: 6, INT64: 7, STRING: 8, BOOL: 9, FLOAT16: 10, DOUBLE: 11, UINT32: 12, UINT64: 13, BFLOAT16: 16 } as const;
export const dtypeName = (code: number | undefined): string =>
  Object.entries(DTYPE).find(([, c]) => c === code)?.[0] ?? `data type ${code}`;

let modelType: protobuf.Type | undefined;
function onnxModelType(): protobuf.Type {
  modelType ??= protobuf.parse(ONNX_PROTO, { keepCase: true }).root.lookupType('onnx.ModelProto');
  return modelType;
}

/** Decodes a ModelProto; protobufjs errors become one-line ModelErrors naming the file. */
export function decodeModel(bytes: Uint8Array, where: string): OnnxModel {
  const M = onnxModelType();
  let msg: protobuf.Message;
  try {
    msg = M.decode(bytes);
  } catch (e) {
    throw new ModelError(`${where}: not a valid ONNX model (${(e as Error).message.split('\n')[0]})`);
  }
  const model = M.toObject(msg, { longs: Number, enums: Number }) as OnnxModel;
  if (!model.graph || !(model.graph.node?.length)) {
    throw new ModelError(`${where}: not a valid ONNX model (no graph with nodes)`);
  }
  return model;
}

export function encodeModel(model: OnnxModel): Uint8Array {
  const M = onnxModelType();
  const err = M.verify(model);
  if (err) throw new ModelError(`cannot encode ONNX model: ${err}`);
  return M.encode(M.fromObject(model)).finish();
}

/** A tensor's values as numbers (float32, float64 and the integer types), with its dims. */
export function tensorValues(t: OnnxTensor, where: string): { dims: number[]; data: number[] | Float32Array; dtype: number } {
  const dims = (t.dims ?? []).map(Number);
  const size = dims.reduce((a, b) => a * b, 1);
  const dtype = t.data_type ?? 0;
  if (t.data_location === 1) throw new ModelError(`${where}: tensor ${t.name} uses external data, which is not supported`);
  const raw = t.raw_data && t.raw_data.length ? t.raw_data : null;
  let data: number[] | Float32Array;
  if (raw) {
    const buf = new Uint8Array(raw).buffer; // aligned copy (Buffer#slice would share memory)
    switch (dtype) {
      case DTYPE.FLOAT: data = new Float32Array(buf, 0, raw.length >> 2); break;
      case DTYPE.DOUBLE: data = Array.from(new Float64Array(buf, 0, raw.length >> 3)); break;
      case DTYPE.INT64: data = Array.from(new BigInt64Array(buf, 0, raw.length >> 3), Number); break;
      case DTYPE.INT32: data = Array.from(new Int32Array(buf, 0, raw.length >> 2)); break;
      case DTYPE.INT8: data = Array.from(new Int8Array(buf)); break;
      case DTYPE.UINT8: case DTYPE.BOOL: data = Array.from(new Uint8Array(buf)); break;
      default: throw new ModelError(`${where}: tensor ${t.name} has unsupported ${dtypeName(dtype)}`);
    }
  } else {
    switch (dtype) {
      case DTYPE.FLOAT: data = Float32Array.from(t.float_data ?? []); break;
      case DTYPE.DOUBLE: data = (t.double_data ?? []).map(Number); break;
      case DTYPE.INT64: data = (t.int64_data ?? []).map(Number); break;
      case DTYPE.INT32: case DTYPE.INT8: case DTYPE.UINT8: case DTYPE.INT16: case DTYPE.BOOL: data = (t.int32_data ?? []).map(Number); break;
      default: throw new ModelError(`${where}: tensor ${t.name} has unsupported ${dtypeName(dtype)}`);
    }
  }
  if (data.length !== size) {
    throw new ModelError(`${where}: tensor ${t.name} holds ${data.length} values, its shape [${dims}] needs ${size}`);
  }
  return { dims, data, dtype };
}

/** An attribute reader over one node. */
export function attributes(node: OnnxNode) {
  const byName = new Map((node.attribute ?? []).map((a) => [a.name, a]));
  return {
    has: (name: string) => byName.has(name),
    names: () => [...byName.keys()],
    int: (name: string, dflt: number): number => (byName.has(name) ? Number(byName.get(name)!.i ?? 0) : dflt),
    float: (name: string, dflt: number): number => (byName.has(name) ? Number(byName.get(name)!.f ?? 0) : dflt),
    ints: (name: string): number[] | undefined => byName.get(name)?.ints?.map(Number),
    string: (name: string, dflt: string): string => {
      const s = byName.get(name)?.s;
      return s ? new TextDecoder().decode(s) : dflt;
    },
    tensor: (name: string): OnnxTensor | undefined => byName.get(name)?.t,
  };
}
