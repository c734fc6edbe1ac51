/**
 * Post-processing of a figure's markup (string in, string out; browser-safe): coordinates rounded
 * for smaller files and stable golden snapshots, and Plot's process-wide clip-path ids replaced by
 * ids derived from the figure itself.
 */

/** Rounds decimals in attribute values to 2 places: `12.3456` → `12.35`, `-0.001` → `0`. */
export function roundAttributes(markup: string): string {
  return markup.replace(/(\s[a-zA-Z:-]+=")([^"]*)"/g, (_whole, head: string, value: string) => {
    const rounded = value.replace(/-?\d+\.\d{3,}(?:e-?\d+)?/g, (number) => {
      const fixed = Number(number).toFixed(2).replace(/\.?0+$/, '');
      return fixed === '-0' ? '0' : fixed;
    });
    return `${head}${rounded}"`;
  });
}

/** FNV-1a, 32 bits, as 8 hex digits. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let k = 0; k < text.length; k++) {
    h ^= text.charCodeAt(k);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * Plot numbers its clip paths from a global counter (`plot-clip-7`), so the same chart's markup
 * depends on how many charts were drawn before it. Ids are renamed `c<hash>-<k>` in order of
 * appearance, the hash taken over the markup with neutral names: the same figure gives the same
 * text, and two figures inlined in one page do not share ids.
 */
export function stableIds(markup: string): string {
  const ids = [...new Set([...markup.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]))];
  if (ids.length === 0) return markup;
  const escape = (id: string) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const neutral = ids.reduce((out, id, k) => out.replace(new RegExp(`(id="|#)${escape(id)}(?=[")])`, 'g'), `$1\u0000${k}\u0000`), markup);
  const hash = fnv1a(neutral);
  return neutral.replace(/\u0000(\d+)\u0000/g, (_m, k: string) => `c${hash}-${Number(k) + 1}`);
}
