import type { Program } from '../../src/program.js';

export function browserCase(): { program: Program; theta: Float32Array; v: Float32Array; x: Float32Array; labels: Int32Array; n: number };
