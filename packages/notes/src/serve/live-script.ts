/**
 * The script `serveSite` adds to every page. It does not compute anything: it marks each figure
 * `data-nnll-live="capable"` (where a future interactive kernel can attach) and reloads the page
 * after the server rebuilt the site. Built sites never contain it, and pages work without it.
 */
export const LIVE_SCRIPT = `// @nnll/notes live hook (added by the development server only)
(() => {
  const script = document.currentScript;
  const base = (script && script.dataset.base) || '/';
  for (const figure of document.querySelectorAll('figure.nnll-figure')) figure.dataset.nnllLive = 'capable';
  document.documentElement.dataset.nnllServed = 'true';
  let version;
  const poll = async () => {
    try {
      const response = await fetch(base + '__notes/version', { cache: 'no-store' });
      const next = await response.text();
      if (version !== undefined && next !== version) location.reload();
      version = next;
    } catch {
      // server stopped: keep the page as it is
    }
    setTimeout(poll, 1500);
  };
  poll();
})();
`;
