import * as tf from '@tensorflow/tfjs';
import { registerCellKernels, STATE_WIDTH } from './cellOps';

/**
 * WGSL programs for the fused LSTM cell, run through tfjs-backend-webgpu's internal
 * `runWebGPUProgram` (tfjs pinned at 4.22.0). Typed structurally so that nothing here imports the
 * backend package. Each program writes one output; a kernel that returns two runs two programs.
 * The programs index the raw input arrays themselves, with B and H read from the shape uniforms the
 * backend declares for every input (`<name>Shape`), so one pipeline serves every size.
 */
export interface WebGPUProgramLike {
  shaderKey: string;
  variableNames: string[];
  outputShape: number[];
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  /** Declares `uniforms.size`, the output's element count. */
  size: true;
  /** Extra uniform fields, filled in order from runWebGPUProgram's last argument. */
  uniforms: string;
  getUserCode(): string;
}

type Uniform = { type: 'int32'; data: number[] };

export interface WebGPUBackendLike {
  runWebGPUProgram(
    program: WebGPUProgramLike,
    inputs: tf.TensorInfo[],
    dtype: 'float32',
    uniforms?: Uniform[],
  ): tf.TensorInfo;
}

const WORKGROUP = 64;

function program(key: string, variableNames: string[], outputShape: number[], uniforms: string, body: string): WebGPUProgramLike {
  const size = outputShape.reduce((a, b) => a * b, 1);
  return {
    shaderKey: key,
    variableNames,
    outputShape,
    dispatchLayout: { x: outputShape.map((_, i) => i) },
    dispatch: [Math.ceil(size / WORKGROUP), 1, 1],
    workgroupSize: [WORKGROUP, 1, 1],
    size: true,
    uniforms,
    getUserCode: () => `${MATH}
      fn main(index : i32) {
        if (index >= uniforms.size) { return; }
        ${body}
      }`,
  };
}

// tanh through exp(−2|x|) never overflows; σ saturates cleanly at both ends.
const MATH = `
  fn sigmoidOf(x : f32) -> f32 { return 1.0 / (1.0 + exp(-x)); }
  fn tanhOf(x : f32) -> f32 { let e = exp(-2.0 * abs(x)); return sign(x) * (1.0 - e) / (1.0 + e); }
  fn gateOf(z : f32) -> f32 {
    if (uniforms.hardGates != 0) { return select(0.0, 1.0, z >= 0.0); }
    return sigmoidOf(z);
  }`;

/** Output element → (b, k, j): batch row, H-wide block of the output row, unit. */
const coords = (blocks: number, hidden: string) => `
  let H = ${hidden};
  let b = index / (${blocks} * H);
  let col = index - b * ${blocks} * H;
  let k = col / H;
  let j = col - k * H;`;

const FORWARD_CELL = `
  let B = uniforms.xsShape.y;
  let x = (uniforms.stepIndex * B + b) * 4 * H + j;
  let r = b * 4 * H + j;
  let i = gateOf(xs[x] + hw[r]);
  let f = gateOf(xs[x + H] + hw[r + H]);
  let g = tanhOf(xs[x + 2 * H] + hw[r + 2 * H]);
  let o = sigmoidOf(xs[x + 3 * H] + hw[r + 3 * H]);
  // prev is c0 [B, H] (c at offset 0) or the previous state [B, 5H] (c at offset 4H).
  let prevWidth = uniforms.prevShape.y;
  let c = f * prev[b * prevWidth + prevWidth - H + j] + i * g;`;

const FORWARD_UNIFORMS = 'stepIndex : i32, hardGates : i32,';

function forwardPrograms(batch: number, hidden: number): [WebGPUProgramLike, WebGPUProgramLike] {
  const names = ['xs', 'hw', 'prev'];
  const h = program('gatelab_cell_fwd_h', names, [batch, hidden], FORWARD_UNIFORMS, `
    ${coords(1, 'uniforms.xsShape.z / 4')}
    ${FORWARD_CELL}
    setOutputAtIndex(index, o * tanhOf(c));`);
  const state = program('gatelab_cell_fwd_state', names, [batch, STATE_WIDTH * hidden], FORWARD_UNIFORMS, `
    ${coords(STATE_WIDTH, 'uniforms.xsShape.z / 4')}
    ${FORWARD_CELL}
    var v = c;
    if (k == 0) { v = i; } else if (k == 1) { v = f; } else if (k == 2) { v = g; } else if (k == 3) { v = o; }
    setOutputAtIndex(index, v);`);
  return [h, state];
}

const BACKWARD_CELL = `
  let T = uniforms.statesShape.x;
  let B = uniforms.statesShape.y;
  let t = uniforms.stepIndex;
  let s = (t * B + b) * 5 * H + j;
  let i = states[s];
  let f = states[s + H];
  let g = states[s + 2 * H];
  let o = states[s + 3 * H];
  let tc = tanhOf(states[s + 4 * H]);
  var cPrev = 0.0;
  if (t > 0) { cPrev = states[s - B * 5 * H + 4 * H]; } else { cPrev = c0[b * H + j]; }
  let bj = b * H + j;
  var dh = dy[t * B * H + bj];
  if (uniforms.hasRecurrent != 0) { dh = dh + recurrent[bj]; }
  var dcIn = 0.0;
  if (uniforms.hasCarry != 0) { dcIn = carry[bj]; } else { dcIn = dy[T * B * H + bj]; }
  let dc = dcIn + dh * (o * (1.0 - tc * tc));`;

const BACKWARD_UNIFORMS = 'stepIndex : i32, hardGates : i32, hasRecurrent : i32, hasCarry : i32,';

function backwardPrograms(batch: number, hidden: number): [WebGPUProgramLike, WebGPUProgramLike] {
  const names = ['dy', 'states', 'c0', 'recurrent', 'carry'];
  const dz = program('gatelab_cell_bwd_dz', names, [batch, 4 * hidden], BACKWARD_UNIFORMS, `
    ${coords(4, 'uniforms.c0Shape.y')}
    ${BACKWARD_CELL}
    let soft = uniforms.hardGates == 0;
    var v = dh * (tc * (o * (1.0 - o)));
    if (k == 0) { v = select(0.0, dc * (g * (i * (1.0 - i))), soft); }
    else if (k == 1) { v = select(0.0, dc * (cPrev * (f * (1.0 - f))), soft); }
    else if (k == 2) { v = dc * (i * (1.0 - g * g)); }
    setOutputAtIndex(index, v);`);
  const carry = program('gatelab_cell_bwd_carry', names, [batch, hidden], BACKWARD_UNIFORMS, `
    ${coords(1, 'uniforms.c0Shape.y')}
    ${BACKWARD_CELL}
    setOutputAtIndex(index, dc * f);`);
  return [dz, carry];
}

const int = (value: number): Uniform => ({ type: 'int32', data: [value] });

export function registerWebGPUCell(): void {
  registerCellKernels<WebGPUProgramLike, Uniform>('webgpu', {
    forward: (batch, hidden) => forwardPrograms(batch, hidden),
    backward: (_steps, batch, hidden) => backwardPrograms(batch, hidden),
    uniform: int,
    run: (backend, program, inputs, uniforms) => (backend as WebGPUBackendLike).runWebGPUProgram(program, inputs, 'float32', uniforms),
  });
}
