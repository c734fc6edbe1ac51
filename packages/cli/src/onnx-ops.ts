/**
 * The op types of an ONNX file's graph nodes, for `nnll info` (which ops the file uses, as
 * opposed to the kernel ops they became). A minimal protobuf walk: ModelProto.graph (field 7) →
 * GraphProto.node (field 1) → NodeProto.op_type (field 4). The file has already been imported,
 * so it is well-formed.
 */
function fields(buf: Uint8Array, visit: (field: number, body: Uint8Array) => void): void {
  let p = 0;
  const varint = (): number => {
    let v = 0, shift = 0, b: number;
    do {
      b = buf[p++];
      v += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80 && p < buf.length);
    return v;
  };
  while (p < buf.length) {
    const tag = varint();
    const field = Math.floor(tag / 8), wire = tag & 7;
    if (wire === 0) varint();
    else if (wire === 1) p += 8;
    else if (wire === 5) p += 4;
    else if (wire === 2) {
      const len = varint();
      visit(field, buf.subarray(p, p + len));
      p += len;
    } else return;
  }
}

/** Op types in node order. */
export function onnxOpTypes(bytes: Uint8Array): string[] {
  const ops: string[] = [];
  const text = new TextDecoder();
  fields(bytes, (f, graph) => {
    if (f !== 7) return;
    fields(graph, (g, node) => {
      if (g !== 1) return;
      fields(node, (n, s) => {
        if (n === 4) ops.push(text.decode(s));
      });
    });
  });
  return ops;
}
