/**
 * addBiasAndNoise (model/noise.ts) on WebGPU in one WGSL pass: x + bias + the window's Logistic noise,
 * drawn in the shader from the counters (gpuNoiseDraw.ts), where the plain ops draw it in JS, upload
 * 8 MB at the medium size and add it in a second program. Run like the fused cell (webgpuCell.ts).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { ADD_BIAS_AND_NOISE, type NoiseDraw } from '../../model/noise';
import { NOISE_UNIFORM_NAMES, noiseUniforms } from './gpuNoiseDraw';
import type { WebGPUProgramLike } from './webgpuCell';

type Uniform = { type: 'int32' | 'float32'; data: number[] };

interface WebGPUBackendLike {
  runWebGPUProgram(program: WebGPUProgramLike, inputs: tf.TensorInfo[], dtype: 'float32', uniforms: Uniform[]): tf.TensorInfo;
}

const WORKGROUP = 64;

const USER_CODE = `
  fn gatelabHash(value : u32) -> u32 {
    var v = value;
    v = v ^ (v >> 16u);
    v = v * 0x7feb352du;
    v = v ^ (v >> 15u);
    v = v * 0x846ca68bu;
    return v ^ (v >> 16u);
  }

  fn logitOfBits(h : u32) -> f32 {
    let lower = min(h, ~h);
    let v = log((f32(lower) + 0.5) / (f32(~lower) + 0.5));
    return select(-v, v, h == lower);
  }

  fn main(index : i32) {
    if (index >= uniforms.size) { return; }
    let stride = uniforms.xShape.y;
    let row = index / stride;
    let col = index - row * stride;
    var value = x[index] + bias[col];
    if (col < uniforms.noiseWidth) {
      let k = bitcast<u32>(row * uniforms.noiseWidth + col);
      let kept = uniforms.masked == 0 || gatelabHash(bitcast<u32>(uniforms.maskBase) + k) < bitcast<u32>(uniforms.maskThreshold);
      if (kept) {
        value = value + uniforms.noiseScale * logitOfBits(gatelabHash(bitcast<u32>(uniforms.noiseBase) + k));
      }
    }
    setOutputAtIndex(index, value);
  }`;

function program(rows: number, stride: number): WebGPUProgramLike {
  const size = rows * stride;
  return {
    shaderKey: 'gatelab_add_bias_and_noise',
    variableNames: ['x', 'bias'],
    outputShape: [rows, stride],
    dispatchLayout: { x: [0, 1] },
    dispatch: [Math.ceil(size / WORKGROUP), 1, 1],
    workgroupSize: [WORKGROUP, 1, 1],
    size: true,
    uniforms: `${NOISE_UNIFORM_NAMES.map((name) => `${name} : i32, `).join('')}noiseScale : f32,`,
    getUserCode: () => USER_CODE,
  };
}

function addBiasAndNoiseKernel({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const { x, bias } = inputs as { x: tf.TensorInfo; bias: tf.TensorInfo };
  const [rows, stride] = x.shape as [number, number];
  const { ints, scale } = noiseUniforms(attrs as unknown as NoiseDraw);
  const uniforms: Uniform[] = [...ints.map((v) => ({ type: 'int32' as const, data: [v] })), { type: 'float32', data: [scale] }];
  return (backend as WebGPUBackendLike).runWebGPUProgram(program(rows, stride), [x, bias], 'float32', uniforms);
}

export function registerWebGPUNoise(): void {
  tf.registerKernel({ kernelName: ADD_BIAS_AND_NOISE, backendName: 'webgpu', kernelFunc: addBiasAndNoiseKernel as unknown as tf.KernelFunc });
}
