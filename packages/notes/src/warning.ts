/** A problem that does not stop the build: a missing image, an uncomputable figure, a math error. */
export interface BuildWarning {
  /** Post file, relative to the posts folder (forward slashes). */
  file: string;
  /** Title of the post the warning belongs to, when known. */
  post?: string;
  message: string;
}

export type WarningSink = (warning: BuildWarning) => void;

/** One line, as printed by the command: `warning: posts/a.md (Title): message`. */
export function formatWarning(warning: BuildWarning): string {
  const where = warning.post ? `${warning.file} (${warning.post})` : warning.file;
  return `warning: ${where}: ${warning.message}`;
}
