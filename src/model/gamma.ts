import * as tf from '@tensorflow/tfjs';

/**
 * Gamma(α, 1) samples that are differentiable in α, for Beta gates (tfjs's randomGamma has no gradient).
 *
 * Marsaglia–Tsang with shape boosting: with a = α + 1, d = a − 1/3, c = 1/√(9d), a standard normal ε is
 * accepted when v = (1 + cε)³ > 0 and log u < ε²/2 + d − d·v + d·ln v; then d·v ~ Gamma(a), and
 * G = d·v·U^{1/α} ~ Gamma(α). With ε (the accepted one) and U held fixed, G is a smooth function of α,
 * and its derivative is the reparameterization gradient through acceptance–rejection of Naesseth et al.
 * (2017) without their correction term, which is small once the shape is boosted to a ≥ 1.
 *
 * Everything is computed in log space: for small α, U^{1/α} underflows float32 long before log G does.
 *   log G = ln d + 3 ln(1 + cε) + ln U / α
 *   ∂ log G / ∂α = 1/d − 3cε / (2d(1 + cε)) − ln U / α²     (dc/dd = −c / 2d)
 */

/** Candidates per variable for the rejection step: at a ≥ 1 each is accepted with p ≥ 0.95, so all fail with p ≤ 6e-6. */
export const GAMMA_CANDIDATES = 4;

/** Noise for one step's Gamma variables of a given shape S: drawn once per window, then held fixed. */
export interface GammaNoise {
  /** Standard normals, [K, ...S]. */
  normal: tf.Tensor;
  /** ln u − ε²/2 of the acceptance tests (their α-free side, computed once per window), [K, ...S]. */
  acceptThreshold: tf.Tensor;
  /** ln U of the shape boost, [...S]. */
  logBoost: tf.Tensor;
}

const UNIFORM_FLOOR = 1e-7;

/** Noise for `steps` steps of Gamma variables of shape S, one window's worth, split by step. */
export function gammaNoise(steps: number, shape: number[], seed: number, candidates = GAMMA_CANDIDATES): GammaNoise[] {
  return tf.tidy(() => {
    const normals = tf.randomNormal([steps, candidates, ...shape], 0, 1, 'float32', seed);
    const logAccept = tf.log(tf.randomUniform([steps, candidates, ...shape], UNIFORM_FLOOR, 1, 'float32', seed + 1));
    const threshold = tf.unstack(tf.sub(logAccept, tf.mul(0.5, tf.square(normals))));
    const logBoost = tf.unstack(tf.log(tf.randomUniform([steps, ...shape], UNIFORM_FLOOR, 1, 'float32', seed + 2)));
    return tf.unstack(normals).map((n, t) => ({ normal: n, acceptThreshold: threshold[t] as tf.Tensor, logBoost: logBoost[t] as tf.Tensor }));
  });
}

/**
 * The first accepted candidate of each element (an element whose candidates are all rejected takes
 * ε = 0, the mode of the proposal, a valid v = 1 rather than a possibly negative last candidate; see
 * GAMMA_CANDIDATES for how rare that is).
 */
export function acceptedNormal(d: tf.Tensor, c: tf.Tensor, noise: GammaNoise): tf.Tensor {
  return tf.tidy(() => {
    const onePlus = tf.add(1, tf.mul(c, noise.normal));
    // ln u < ε²/2 + d − d·v + d·ln v, with ln v = 3 ln(1 + cε); ln of a non-positive 1 + cε is NaN or −∞
    // (rejected by the comparison anyway), the first test keeps that explicit.
    const logV = tf.mul(3, tf.log(onePlus));
    const bound = tf.mul(d, tf.add(tf.sub(1, tf.exp(logV)), logV));
    const accepted = tf.unstack(tf.logicalAnd(tf.greater(onePlus, 0), tf.less(noise.acceptThreshold, bound)));
    const candidates = tf.unstack(noise.normal);
    let chosen: tf.Tensor = tf.zerosLike(candidates[0] as tf.Tensor);
    for (let k = candidates.length - 1; k >= 0; k--) chosen = tf.where(accepted[k] as tf.Tensor, candidates[k] as tf.Tensor, chosen);
    return chosen;
  });
}

/** ln G at the first accepted candidate, and what its derivative in α reads. */
function logGammaParts(a: tf.Tensor, noise: GammaNoise) {
  const d = tf.add(a, 2 / 3);
  const c = tf.rsqrt(tf.mul(d, 9));
  const eps = acceptedNormal(d, c, noise);
  const onePlus = tf.add(1, tf.mul(c, eps));
  const value = tf.add(tf.add(tf.log(d), tf.mul(3, tf.log(onePlus))), tf.div(noise.logBoost, a));
  return { value, d, c, eps, onePlus };
}

/** ∂ ln G / ∂α at a sample: 1/d − 3cε / (2d(1 + cε)) − ln U / α². */
function logGammaSlope(a: tf.Tensor, d: tf.Tensor, c: tf.Tensor, eps: tf.Tensor, onePlus: tf.Tensor, logBoost: tf.Tensor): tf.Tensor {
  const shapeTerm = tf.sub(tf.reciprocal(d), tf.div(tf.mul(1.5, tf.mul(c, eps)), tf.mul(d, onePlus)));
  return tf.sub(shapeTerm, tf.div(logBoost, tf.square(a)));
}

/** ln G for G ~ Gamma(α, 1) elementwise, with the reparameterization gradient in α described above. α > 0. */
export function logGammaSample(alpha: tf.Tensor, noise: GammaNoise): tf.Tensor {
  const sample = tf.customGrad((...args: unknown[]) => {
    const a = args[0] as tf.Tensor;
    const save = args[1] as tf.GradSaveFunc;
    const { value, d, c, eps, onePlus } = logGammaParts(a, noise);
    // Everything the gradient reads is saved: tf.grad disposes the rest of the forward pass (the noise included) before it.
    save([a, d, c, eps, onePlus, noise.logBoost]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [aS, dS, cS, epsS, onePlusS, logBoost] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
        return tf.mul(dy, logGammaSlope(aS, dS, cS, epsS, onePlusS, logBoost));
      },
    };
  });
  return sample(alpha) as tf.Tensor;
}

/** ln G and ∂ ln G/∂α together, for a hand-written backward pass (nothing recorded for autodiff). */
export function logGammaWithSlope(alpha: tf.Tensor, noise: GammaNoise): { logG: tf.Tensor; slope: tf.Tensor } {
  return tf.tidy(() => {
    const { value, d, c, eps, onePlus } = logGammaParts(alpha, noise);
    return { logG: value, slope: logGammaSlope(alpha, d, c, eps, onePlus, noise.logBoost) };
  });
}

/**
 * G ~ Gamma(α, 1) elementwise, differentiable in α: exp of `logGammaSample`, so dG/dα = G · ∂ln G/∂α,
 * which is U^{1/α}·∂(d·v)/∂α − G·ln U/α² (∂(d·v)/∂d = v − 1.5(1 + cε)²cε). Underflows to 0 for tiny α:
 * the Beta gates use the log form.
 */
export function gammaSample(alpha: tf.Tensor, noise: GammaNoise): tf.Tensor {
  return tf.exp(logGammaSample(alpha, noise));
}
