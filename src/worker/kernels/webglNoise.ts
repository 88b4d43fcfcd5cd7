/**
 * addBiasAndNoise (model/noise.ts) on WebGL in one GLSL pass: x + bias + the window's Logistic noise,
 * drawn in the shader from the counters (gpuNoiseDraw.ts). The plain ops draw ~2M values in JS at the
 * medium size, upload them as an 8 MB texture and add them in a second program. Packed like the fused
 * cell (webglCell.ts), whose input it feeds: a 2×2 texel holds (r, c), (r, c+1), (r+1, c), (r+1, c+1).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { ADD_BIAS_AND_NOISE, type NoiseDraw } from '../../model/noise';
import { NOISE_UNIFORM_NAMES, noiseUniforms } from './gpuNoiseDraw';

interface WebGLNoiseProgram {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
  packedInputs: true;
  packedOutput: true;
  customUniforms: { name: string; type: 'int' | 'float' }[];
}

interface WebGLBackendLike {
  compileAndRun(program: WebGLNoiseProgram, inputs: tf.TensorInfo[], dtype: 'float32', uniforms: number[][]): tf.TensorInfo;
}

/** An int uniform's bits as a uint, without relying on uint(int) of a negative value. */
const USER_CODE = `
  uint bitsOf(int v) { return v < 0 ? uint(v & 0x7fffffff) | 0x80000000u : uint(v); }

  uint gatelabHash(uint v) {
    v ^= v >> 16u;
    v *= 0x7feb352du;
    v ^= v >> 15u;
    v *= 0x846ca68bu;
    return v ^ (v >> 16u);
  }

  float logitOfBits(uint h) {
    uint lower = min(h, ~h);
    float v = log((float(lower) + 0.5) / (float(~lower) + 0.5));
    return h == lower ? v : -v;
  }

  float noiseAt(int row, int col) {
    if (col >= noiseWidth) { return 0.0; }
    uint k = uint(row * noiseWidth + col);
    if (masked != 0 && gatelabHash(bitsOf(maskBase) + k) >= bitsOf(maskThreshold)) { return 0.0; }
    return noiseScale * logitOfBits(gatelabHash(bitsOf(noiseBase) + k));
  }

  void main() {
    ivec2 rc = getOutputCoords();
    vec4 noise = vec4(noiseAt(rc.x, rc.y), noiseAt(rc.x, rc.y + 1), noiseAt(rc.x + 1, rc.y), noiseAt(rc.x + 1, rc.y + 1));
    setOutput((getXAtOutCoords() + getBiasAtOutCoords()) + noise);
  }`;

function program(rows: number, stride: number): WebGLNoiseProgram {
  return {
    variableNames: ['x', 'bias'],
    outputShape: [rows, stride],
    packedInputs: true,
    packedOutput: true,
    customUniforms: [...NOISE_UNIFORM_NAMES.map((name) => ({ name, type: 'int' as const })), { name: 'noiseScale', type: 'float' }],
    userCode: USER_CODE,
  };
}

function addBiasAndNoiseKernel({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const { x, bias } = inputs as { x: tf.TensorInfo; bias: tf.TensorInfo };
  const [rows, stride] = x.shape as [number, number];
  const { ints, scale } = noiseUniforms(attrs as unknown as NoiseDraw);
  return (backend as WebGLBackendLike).compileAndRun(program(rows, stride), [x, bias], 'float32', [...ints.map((v) => [v]), [scale]]);
}

export function registerWebGLNoise(): void {
  tf.registerKernel({ kernelName: ADD_BIAS_AND_NOISE, backendName: 'webgl', kernelFunc: addBiasAndNoiseKernel as unknown as tf.KernelFunc });
}
