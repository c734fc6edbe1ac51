// Uploads (POST /api/files) and the workspace listings (GET /api/models, /api/data): checked before
// they land, never half-written, never over an existing file without ?replace=1, capped in size.
import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeIdx } from '@nnll/landscape';
import { openExplorer, tempWorkspace, writeFixtures, type TestExplorer } from './helpers.js';

// as a browser sends a file: its length declared (a stream: none, counted as it arrives)
const upload = (t: TestExplorer, name: string, body: Uint8Array | ReadableStream<Uint8Array>, query = '') =>
  t.req(`/api/files?name=${encodeURIComponent(name)}${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', ...(body instanceof Uint8Array ? { 'content-length': String(body.length) } : {}) },
    body,
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);

/** Files in the workspace outside .nnll, and what is left in .nnll/uploads. */
function contents(dir: string): { files: string[]; temporary: string[] } {
  const files: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === '.nnll') continue;
      if (e.isDirectory()) walk(path.join(d, e.name), `${rel}${e.name}/`);
      else files.push(`${rel}${e.name}`);
    }
  };
  walk(dir, '');
  const up = path.join(dir, '.nnll', 'uploads');
  return { files: files.sort(), temporary: existsSync(up) ? readdirSync(up) : [] };
}

describe('uploads', () => {
  let t: TestExplorer;
  let fixtures: string;
  beforeAll(async () => {
    t = await openExplorer({ maxUpload: 64 * 1024 });
    fixtures = tempWorkspace('nnll-fixtures-');
    await writeFixtures(fixtures);
  });
  afterAll(() => t.close());
  const bytes = (name: string) => new Uint8Array(readFileSync(path.join(fixtures, name)));

  it('stores a checked model under its name with its info; 409 for the same name; ?replace=1 replaces', async () => {
    const r = await upload(t, 'nets/model.onnx', bytes('model.onnx'));
    expect(r.status).toBe(201);
    const j = await r.json();
    expect(j).toMatchObject({ path: 'nets/model.onnx', size: bytes('model.onnx').length, replaced: false, info: { format: 'onnx', param_count: 99, inputs: [{ shape: ['N', 2] }] } });
    expect(j.sha256).toMatch(/^[0-9a-f]{64}$/);
    const again = await upload(t, 'nets/model.onnx', bytes('model.onnx'));
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ error: 'nets/model.onnx exists in the workspace (upload with ?replace=1 to replace it)' });
    const replaced = await upload(t, 'nets/model.onnx', bytes('model.onnx'), '&replace=1');
    expect(replaced.status).toBe(201);
    expect((await replaced.json()).replaced).toBe(true);
    expect(contents(t.workspace)).toEqual({ files: ['nets/model.onnx'], temporary: [] });
    // and a job can use it
    const id = await t.submit({ kind: 'eval', model: 'nets/model.onnx', data: 'spirals' });
    expect((await t.finished(id)).status).toBe('done');
  });

  it.each([
    ['a truncated ONNX', 'cut.onnx', () => bytes('model.onnx').slice(0, 100), /^cut\.onnx: /],
    ['an ONNX with a NaN weight', 'nan.onnx', () => bytes('nan.onnx'), /^nan\.onnx: parameter fc1\.weight holds NaN at index 3$/],
    ['a .npz that is not a zip', 'data.npz', () => new TextEncoder().encode('not a zip file at all'), /^data\.npz: /],
    ['a CSV without rows', 'table.csv', () => new TextEncoder().encode('a,b,label\n'), /^table\.csv: /],
    ['a TF.js model.json that is not one', 'tf/model.json', () => new TextEncoder().encode('{"format": "layers-model"}'), /^tf\/model\.json: not a TF\.js layers model/],
    ['an IDX file with a bad header', 'train-images-idx3-ubyte', () => new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), /^train-images-idx3-ubyte: /],
  ])('400 for %s, and no file left', async (_what, name, body, message) => {
    const before = contents(t.workspace).files;
    const r = await upload(t, name, body());
    expect(r.status).toBe(400);
    const { error } = await r.json();
    expect(error).toMatch(message);
    expect(error.split('\n')).toHaveLength(1);
    expect(contents(t.workspace)).toEqual({ files: before, temporary: [] });
  });

  it('413 past --max-upload, declared or streamed, and no file left', async () => {
    const before = contents(t.workspace).files;
    const big = new Uint8Array(100 * 1024);
    const r = await upload(t, 'big.npz', big);
    expect(r.status).toBe(413);
    expect(await r.json()).toEqual({ error: 'upload too large: 0.10 MB (at most 0.06 MB; see --max-upload)' });
    // no Content-Length: counted while it streams
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 10; i++) c.enqueue(new Uint8Array(16 * 1024));
        c.close();
      },
    });
    const s = await upload(t, 'big.npz', stream);
    expect(s.status).toBe(413);
    expect(await s.json()).toEqual({ error: 'upload too large: more than 0.06 MB (see --max-upload)' });
    expect(contents(t.workspace)).toEqual({ files: before, temporary: [] });
  });

  it.each([
    ['../escape.onnx', 'invalid name: "../escape.onnx" (no empty, . or .. parts)'],
    ['/etc/x.onnx', 'invalid name: "/etc/x.onnx" (a path inside the workspace, not an absolute one)'],
    ['a\\b.onnx', 'invalid name: "a\\\\b.onnx" (use / between folders)'],
    ['x.exe', 'invalid name: "x.exe" (expected .onnx, .json, .bin, .npz, .npy, .safetensors, .csv, -ubyte, -ubyte.gz)'],
    ['', 'missing name (the file name to store the upload under, e.g. ?name=model.onnx)'],
  ])('400 for the name %j', async (name, message) => {
    const r = await upload(t, name, bytes('model.onnx'));
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({ error: message });
  });

  it('sanitises names: other characters become _, no hidden files', async () => {
    const r = await upload(t, 'my model (v2).onnx', bytes('model.onnx'));
    expect(r.status).toBe(201);
    expect((await r.json()).path).toBe('my_model__v2_.onnx');
    const h = await upload(t, '.hidden/x.npz', bytes('data.npz'));
    expect(h.status).toBe(201);
    expect((await h.json()).path).toBe('_hidden/x.npz');
  });

  it('403 for a name under a link that leads out of the workspace', async () => {
    const outside = tempWorkspace('nnll-outside-');
    symlinkSync(outside, path.join(t.workspace, 'away'));
    const r = await upload(t, 'away/m.onnx', bytes('model.onnx'));
    expect(r.status).toBe(403);
    expect(await r.json()).toEqual({ error: 'name "away/m.onnx": outside the workspace' });
    expect(readdirSync(outside)).toEqual([]);
  });
});

describe('listings', () => {
  let t: TestExplorer;
  beforeAll(async () => {
    t = await openExplorer();
    await writeFixtures(t.workspace);
    writeFileSync(path.join(t.workspace, 'broken.onnx'), new Uint8Array([8, 1, 2]));
    mkdirSync(path.join(t.workspace, 'digits'));
    const images = new Uint8Array(4 * 28 * 28);
    writeFileSync(path.join(t.workspace, 'digits', 'train-images-idx3-ubyte'), encodeIdx({ shape: [4, 28, 28], data: images }));
    writeFileSync(path.join(t.workspace, 'digits', 'train-labels-idx1-ubyte'), encodeIdx({ shape: [4], data: new Uint8Array([0, 1, 2, 3]) }));
    mkdirSync(path.join(t.workspace, '.hidden'));
    writeFileSync(path.join(t.workspace, '.hidden', 'secret.onnx'), 'x');
    writeFileSync(path.join(t.workspace, 'notes.json'), '{"a": 1}');
    const outside = tempWorkspace('nnll-outside-');
    await writeFixtures(outside);
    symlinkSync(path.join(outside, 'model.onnx'), path.join(t.workspace, 'away.onnx'));
  });
  afterAll(() => t.close());

  it('GET /api/models: workspace models with info (errors per file), built-in specs', async () => {
    const r = await t.req('/api/models');
    expect(r.status).toBe(200);
    const { workspace, builtin } = await r.json();
    expect(workspace.map((f: { path: string }) => f.path)).toEqual(['broken.onnx', 'model.onnx', 'nan.onnx']);
    const model = workspace.find((f: { path: string }) => f.path === 'model.onnx');
    expect(model).toMatchObject({ format: 'onnx', role: 'model', info: { param_count: 99, loss: 'cross-entropy', outputs: [{ shape: ['N', 3] }] } });
    expect(model.size).toBeGreaterThan(0);
    expect(workspace[0]).toMatchObject({ info: null, error: expect.stringMatching(/^broken\.onnx: /) });
    expect(workspace[2].error).toBe('--model nan.onnx: parameter fc1.weight holds NaN at index 3');
    expect(builtin.map((b: { name: string }) => b.name)).toContain('mlp:2-16-3:tanh');
    expect(builtin.find((b: { name: string }) => b.name === 'mlp:784-64-10:relu').info.param_count).toBe(50_890);
  });

  it('GET /api/data: data files, IDX folders and arrays, built-in sets', async () => {
    const { workspace, builtin } = await (await t.req('/api/data')).json();
    expect(workspace).toEqual([
      expect.objectContaining({ path: 'data.npz', format: 'npz', role: 'data', info: { arrays: [{ name: 'x', shape: [300, 2], dtype: 'float32' }, { name: 'y', shape: [300], dtype: 'int32' }] } }),
      expect.objectContaining({ path: 'digits', format: 'idx', role: 'data', info: { n: 4, shape: [1, 28, 28], task: 'classification', classes: 4 } }),
    ]);
    expect(builtin.map((b: { name: string }) => b.name)).toEqual(['mnist', 'spirals', 'moons', 'blobs', 'teacher']);
    expect(builtin[0].info).toMatchObject({ n: 10_000, task: 'classification', classes: 10 });
    expect(builtin[1].info).toEqual({ n: 300, shape: [2], task: 'classification', classes: 3 });
  });
});
