/**
 * Stands in for linkedom in the browser bundle: the chart code builds SVG through
 * `parseHTML(…).document`, and a page has a real document.
 */
export function parseHTML(_html: string): { document: Document } {
  return { document };
}
