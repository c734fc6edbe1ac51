// node subset.mjs DATA N OUT.npz [onehot]: the first N samples of a data set as .npz (x, y);
// with `onehot`, y as one-hot float targets (the squared loss on them, as Cohen et al.).
const { loadData, saveArrays, takeSamples } = await import(new URL('../packages/landscape/dist/node.js', import.meta.url).href);

const [data, count, out, onehot] = process.argv.slice(2);
const n = Number(count);
const d = takeSamples(await loadData(data), Array.from({ length: n }, (_, i) => i));
const size = d.x.length / n;
const classes = Math.max(...d.labels) + 1;
const y = onehot
  ? { shape: [n, classes], data: Float32Array.from({ length: n * classes }, (_, k) => (d.labels[Math.floor(k / classes)] === k % classes ? 1 : 0)), dtype: 'float32' }
  : { shape: [n], data: d.labels, dtype: 'int32' };
await saveArrays(out, { x: { shape: [n, size], data: d.x, dtype: 'float32' }, y });
