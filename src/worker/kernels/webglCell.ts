import * as tf from '@tensorflow/tfjs';
import { registerCellKernels, STATE_WIDTH } from './cellOps';

/**
 * GLSL programs for the fused LSTM cell, run through tfjs-backend-webgl's internal `compileAndRun`
 * (tfjs pinned at 4.22.0), typed structurally. The programs are packed (2×2 texels, vec4 math), like
 * tfjs's matMul and binary ops: an unpacked program would make the backend unpack its inputs and pack
 * its outputs on every step. Packed texels never straddle two gate blocks because H is even.
 */
interface WebGLProgramLike {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
  packedInputs: true;
  packedOutput: true;
  customUniforms: { name: string; type: 'int' }[];
}

export interface WebGLBackendLike {
  compileAndRun(program: WebGLProgramLike, inputs: tf.TensorInfo[], dtype: 'float32', uniforms: number[][]): tf.TensorInfo;
}

export const webglSupports = (hidden: number) => hidden % 2 === 0;

// tanh through exp(−2|x|) never overflows; σ saturates cleanly at both ends.
const MATH = `
  vec4 sigmoidOf(vec4 x) { return 1.0 / (1.0 + exp(-x)); }
  vec4 tanhOf(vec4 x) { vec4 e = exp(-2.0 * abs(x)); return sign(x) * (1.0 - e) / (1.0 + e); }
  vec4 gateOf(vec4 z) { return hardGates != 0 ? vec4(greaterThanEqual(z, vec4(0.0))) : sigmoidOf(z); }`;

function program(
  variableNames: string[],
  outputShape: number[],
  uniforms: string[],
  constants: Record<string, number>,
  body: string,
): WebGLProgramLike {
  const defines = Object.entries(constants)
    .map(([name, value]) => `const int ${name} = ${value};`)
    .join('\n');
  return {
    variableNames,
    outputShape,
    packedInputs: true,
    packedOutput: true,
    customUniforms: uniforms.map((name) => ({ name, type: 'int' })),
    userCode: `${defines}
      ${MATH}
      void main() {
        ivec2 rc = getOutputCoords();
        int b = rc.x;
        int k = rc.y / HIDDEN;
        int j = rc.y - k * HIDDEN;
        ${body}
      }`,
  };
}

const FORWARD_CELL = `
  vec4 i = gateOf(getXs(stepIndex, b, j) + getHw(b, j));
  vec4 f = gateOf(getXs(stepIndex, b, j + HIDDEN) + getHw(b, j + HIDDEN));
  vec4 g = tanhOf(getXs(stepIndex, b, j + 2 * HIDDEN) + getHw(b, j + 2 * HIDDEN));
  vec4 o = sigmoidOf(getXs(stepIndex, b, j + 3 * HIDDEN) + getHw(b, j + 3 * HIDDEN));
  vec4 c = f * getPrev(b, PREV_OFFSET + j) + i * g;`;

const FORWARD_UNIFORMS = ['stepIndex', 'hardGates'];

function forwardPrograms(batch: number, hidden: number, prevWidth: number): [WebGLProgramLike, WebGLProgramLike] {
  const names = ['xs', 'hw', 'prev'];
  // prev is c0 [B, H] (c at offset 0) or the previous state [B, 5H] (c at offset 4H).
  const constants = { HIDDEN: hidden, PREV_OFFSET: prevWidth - hidden };
  const h = program(names, [batch, hidden], FORWARD_UNIFORMS, constants, `
    ${FORWARD_CELL}
    setOutput(o * tanhOf(c));`);
  const state = program(names, [batch, STATE_WIDTH * hidden], FORWARD_UNIFORMS, constants, `
    ${FORWARD_CELL}
    setOutput(k == 0 ? i : k == 1 ? f : k == 2 ? g : k == 3 ? o : c);`);
  return [h, state];
}

const BACKWARD_CELL = `
  int t = stepIndex;
  vec4 i = getStates(t, b, j);
  vec4 f = getStates(t, b, j + HIDDEN);
  vec4 g = getStates(t, b, j + 2 * HIDDEN);
  vec4 o = getStates(t, b, j + 3 * HIDDEN);
  vec4 tc = tanhOf(getStates(t, b, j + 4 * HIDDEN));
  vec4 cPrev = t > 0 ? getStates(t - 1, b, j + 4 * HIDDEN) : getC0(b, j);
  vec4 dh = getDy(t, b, j);
  if (hasRecurrent != 0) { dh += getRecurrent(b, j); }
  vec4 dcIn = hasCarry != 0 ? getCarry(b, j) : getDy(STEPS, b, j);
  vec4 dc = dcIn + dh * (o * (1.0 - tc * tc));`;

const BACKWARD_UNIFORMS = ['stepIndex', 'hardGates', 'hasRecurrent', 'hasCarry'];

function backwardPrograms(steps: number, batch: number, hidden: number): [WebGLProgramLike, WebGLProgramLike] {
  const names = ['dy', 'states', 'c0', 'recurrent', 'carry'];
  const constants = { HIDDEN: hidden, STEPS: steps };
  const dz = program(names, [batch, 4 * hidden], BACKWARD_UNIFORMS, constants, `
    ${BACKWARD_CELL}
    bool soft = hardGates == 0;
    vec4 v = dh * (tc * (o * (1.0 - o)));
    if (k == 0) { v = soft ? dc * (g * (i * (1.0 - i))) : vec4(0.0); }
    else if (k == 1) { v = soft ? dc * (cPrev * (f * (1.0 - f))) : vec4(0.0); }
    else if (k == 2) { v = dc * (i * (1.0 - g * g)); }
    setOutput(v);`);
  const carry = program(names, [batch, hidden], BACKWARD_UNIFORMS, constants, `
    ${BACKWARD_CELL}
    setOutput(dc * f);`);
  return [dz, carry];
}

export function registerWebGLCell(): void {
  registerCellKernels<WebGLProgramLike, number[]>('webgl', {
    forward: forwardPrograms,
    backward: backwardPrograms,
    uniform: (value) => [value],
    run: (backend, program, inputs, uniforms) => (backend as WebGLBackendLike).compileAndRun(program, inputs, 'float32', uniforms),
  });
}
