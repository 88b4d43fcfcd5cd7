/**
 * What the GPU programs of addBiasAndNoise (webglNoise.ts, webgpuNoise.ts) are given: the NoiseDraw as
 * whole numbers, and the shader code both write out in their own language. The hash and the dropout
 * test are model/noise.ts's, in 32-bit unsigned arithmetic (GLSL ES 3.0 `uint` and WGSL `u32` wrap
 * mod 2³², as Math.imul does), so the mask and the hash bits are the JS draw's exactly; only the logit
 * is the GPU's float32 `log`, not the JS tables (see gpuNoise.ts for the tolerance).
 *
 * The logit of U = (h + ½)·2⁻³² is taken on the lower half, x = min(h, ~h), as
 * log((x + ½) / (~x + ½)) = log U' − log(1 − U') with U' ≤ ½, and negated where h was the upper half:
 * float32 then never rounds 1 − U to 1 in the upper tail (the tail draws keep their full size).
 *
 * @module
 */
import { maskThreshold, type NoiseDraw, noiseStreams } from '../../model/noise';

/** The draw's uniforms in the programs' order: width, base, maskBase, threshold and masked as int32 bits, then the scale. */
export interface NoiseUniforms {
  ints: [width: number, base: number, maskBase: number, threshold: number, masked: number];
  scale: number;
}

export function noiseUniforms({ width, seed, keepP, scale }: NoiseDraw): NoiseUniforms {
  const { base, maskBase } = noiseStreams(seed);
  const { masked, threshold } = maskThreshold(keepP);
  return { ints: [width, base | 0, maskBase | 0, threshold | 0, masked ? 1 : 0], scale };
}

/** The uniforms' names in the shaders (prefixed: tfjs declares its own uniforms beside them). */
export const NOISE_UNIFORM_NAMES = ['noiseWidth', 'noiseBase', 'maskBase', 'maskThreshold', 'masked'] as const;
