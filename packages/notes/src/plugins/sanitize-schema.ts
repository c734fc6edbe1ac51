/**
 * What raw HTML in a post may keep: GitHub's schema (no script, style, iframe, object, form; no event
 * handler or style attributes; links only to http, https, mailto and relative URLs), plus the
 * `left-off` class this package sets itself. Math, highlighting and figures are added after this runs.
 */
import { defaultSchema } from 'rehype-sanitize';

type Schema = typeof defaultSchema;

export const sanitizeSchema: Schema = {
  ...defaultSchema,
  attributes: {
    ...defaultSchema.attributes,
    p: [...(defaultSchema.attributes?.p ?? []), ['className', 'left-off']],
  },
};
