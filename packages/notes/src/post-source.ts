/** One post as read from disk, before rendering. A blog export yields several. */
export interface PostSource {
  /** Absolute path of the file the post came from. */
  file: string;
  /** `file` relative to the posts folder, forward slashes; used in warnings and as a sort key. */
  relPath: string;
  format: 'markdown' | 'blog-export';
  /** Position of the post inside its file (always 0 for markdown files). */
  index: number;
  /** Markdown body. For markdown files this still contains the front matter and title heading. */
  markdown: string;
  /** Title and date given by the file format (blog export `## title` / `### date`). */
  title?: string;
  date?: string;
  tags: string[];
  /** The blog export's `# Style` section, theme variables not yet filled. */
  style?: string;
  /** The blog export's `# Title` section. */
  collection?: string;
}
