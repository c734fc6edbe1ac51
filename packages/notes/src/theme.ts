/**
 * Theme variables. The blog export's `# Style` section refers to them as `{color_accent_light}`;
 * the site stylesheet reads the same values as CSS custom properties (`--color-accent-light`).
 */
export type Theme = Record<string, string>;

/** Defaults for every variable the site stylesheet uses; override any of them with `theme`. */
export const defaultTheme: Readonly<Theme> = {
  color_background: '#fdfcfa',
  color_text: '#1f2328',
  color_muted: '#5c6570',
  color_accent: '#2f6f9f',
  color_accent_light: '#e8f1f8',
  color_border: '#d9dee3',
  color_code_background: '#f3f4f6',
  color_warning: '#9a5b00',
  font_body: 'system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans KR", "Apple SD Gothic Neo", sans-serif',
  font_mono: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
};

const VARIABLE = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const SAFE_VALUE = /^[^{}<>;\\]*$/;

/** Merges `overrides` into the defaults, rejecting names and values that could break out of CSS. */
export function resolveTheme(overrides: Theme | undefined): Theme {
  const theme: Theme = { ...defaultTheme };
  for (const [name, value] of Object.entries(overrides ?? {})) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new TypeError(`invalid theme variable name: ${JSON.stringify(name)}`);
    if (typeof value !== 'string' || !SAFE_VALUE.test(value)) {
      throw new TypeError(`invalid theme.${name}: ${JSON.stringify(value)} (a CSS value without { } < > ; or \\)`);
    }
    theme[name] = value;
  }
  return theme;
}

/** Replaces `{name}` with the theme's value; unknown names are reported and replaced by `unset`. */
export function fillThemeVariables(css: string, theme: Theme, onUnknown: (name: string) => void): string {
  return css.replace(VARIABLE, (_whole, name: string) => {
    if (Object.hasOwn(theme, name)) return theme[name];
    onUnknown(name);
    return 'unset';
  });
}

/** `:root { --color-accent: …; }` for the site stylesheet. */
export function themeCustomProperties(theme: Theme): string {
  const lines = Object.entries(theme).map(([name, value]) => `  --${name.replace(/_/g, '-')}: ${value};`);
  return `:root {\n${lines.join('\n')}\n}\n`;
}
