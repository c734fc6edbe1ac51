/** Which results have a figure (in @nnll/landscape/charts) and a table (resultCsv), by command. */
export const FIGURE_COMMANDS: readonly string[] = ['surface', 'interpolate', 'hessian', 'train', 'demo', 'reparam', 'study'];
export const TABLE_COMMANDS: readonly string[] = ['surface', 'interpolate', 'hessian', 'train', 'sharpness', 'reparam', 'study'];
