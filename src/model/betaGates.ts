import * as tf from '@tensorflow/tfjs';
import type { GateSlopes } from './cellKernels';
import { type GammaNoise, logGammaSample, logGammaWithSlope } from './gamma';

/**
 * Input and forget gates as Beta variables built from Gamma variables (Beta-LSTM; Bivariate Beta-LSTM,
 * Song et al.). The shapes come from the cell's own i and f pre-activations through softplus, so the
 * weights keep torch.nn.LSTM's [4H] layout and every panel (compression, constant gates) applies:
 *
 *   independent:  i = A_i / (A_i + B_i),  A_i ~ Γ(sp(z_i)), B_i ~ Γ(sp(−z_i)); f likewise, so i ~ Beta(sp(z_i), sp(−z_i))
 *   shared:       the two second Gammas share a part S: with b_i = sp(−z_i), b_f = sp(−z_f), s = ρ·min(b_i, b_f),
 *                 i = A_i / (A_i + B'_i + S),  B'_i ~ Γ(b_i − s),  S ~ Γ(s)  (f likewise)
 *
 * By Gamma additivity B'_i + S ~ Γ(b_i): the shared cell's marginals are the independent cell's, and S
 * makes i and f positively correlated. Evaluation uses the Gamma means: i = sp(z_i) / (sp(z_i) + sp(−z_i)).
 * At z = 0 a gate is Beta(ln 2, ln 2), U-shaped; as |z| grows it concentrates at 0 or 1.
 */
export type BetaKind = 'independent' | 'shared';

/** ρ: the share of the smaller second shape that the two gates' denominators have in common. */
export const SHARED_FRACTION = 0.5;
/** Keeps every shape above 0 (Gamma(0) is a point mass at 0, and its log −∞). */
export const SHAPE_FLOOR = 1e-3;

/** Gamma variables per unit: A_i, A_f, B_i, B_f, and S when shared. */
export function gammasPerUnit(kind: BetaKind): number {
  return kind === 'shared' ? 5 : 4;
}

/** The Gamma shapes of one step, [B, n·H] in the order A_i, A_f, B_i, B_f (, S). zIF is [B, 2H]: i then f. */
export function gammaShapes(zIF: tf.Tensor, kind: BetaKind): tf.Tensor {
  return tf.tidy(() => {
    const first = tf.softplus(zIF);
    const second = tf.softplus(tf.neg(zIF));
    if (kind === 'independent') return tf.add(tf.concat([first, second], 1), SHAPE_FLOOR);
    const [bI, bF] = tf.split(second, 2, 1) as [tf.Tensor, tf.Tensor];
    const s = tf.mul(SHARED_FRACTION, tf.minimum(bI, bF));
    return tf.add(tf.concat([first, tf.sub(second, tf.concat([s, s], 1)), s], 1), SHAPE_FLOOR);
  });
}

/** Sampled gates [B, 2H] (i then f), differentiable in zIF through the Gamma samples. */
export function sampledBetaGates(zIF: tf.Tensor, kind: BetaKind, noise: GammaNoise): tf.Tensor {
  return tf.tidy(() => {
    const hidden = (zIF.shape[1] as number) / 2;
    const logG = logGammaSample(gammaShapes(zIF, kind), noise);
    // A / (A + B) = σ(ln A − ln B): exact in float32 however small the Gammas (ln G may be −1000 for a tiny shape).
    if (kind === 'independent') {
      const [logA, logB] = tf.split(logG, 2, 1) as [tf.Tensor, tf.Tensor];
      return tf.sigmoid(tf.sub(logA, logB));
    }
    const [logA, logB, logS] = tf.split(logG, [2 * hidden, 2 * hidden, hidden], 1) as [tf.Tensor, tf.Tensor, tf.Tensor];
    // A / (A + B' + S) = σ(ln A − ln(B' + S)), ln(B' + S) = ln B' + softplus(ln S − ln B') (fewer ops than logSumExp).
    const logRest = tf.add(logB, tf.softplus(tf.sub(tf.concat([logS, logS], 1), logB)));
    return tf.sigmoid(tf.sub(logA, logRest));
  });
}

/**
 * The sampled gates of `sampledBetaGates`, equal to them, with their derivatives in zIF for a hand-written
 * backward pass. With u = ln A − ln B (the gate is σ(u)) and L' = ∂ ln G/∂α of each Gamma (gamma.ts):
 *
 *   independent:  ∂u/∂z = L'_A σ(z) + L'_B σ(−z)                      (sp' = σ, and b = sp(−z) falls as z grows)
 *   shared:       u_x = ln A_x − R_x, R_x = ln(B'_x + S), ∂R/∂ln B' = 1 − w, ∂R/∂ln S = w = σ(ln S − ln B'_x);
 *                 s = ρ·min(b_i, b_f) moves with the smaller b only (m_x = 1 there, as tf.minimum's gradient), ∂s/∂z_x = −ρ m_x σ(−z_x):
 *                 ∂u_x/∂z_x = L'_A σ(z_x) + (1 − w) L'_B' (σ(−z_x) + ∂s/∂z_x) − w L'_S ∂s/∂z_x
 *                 ∂u_x/∂z_y = ∂s/∂z_y · ((1 − w) L'_B' − w L'_S)      (y the other gate of the unit)
 *
 * and ∂gate/∂z = gate(1 − gate) ∂u/∂z.
 */
export function sampledBetaGatesWithSlopes(zIF: tf.Tensor, kind: BetaKind, noise: GammaNoise): { gates: tf.Tensor; slopes: GateSlopes } {
  return tf.tidy(() => {
    const hidden = (zIF.shape[1] as number) / 2;
    const { logG, slope } = logGammaWithSlope(gammaShapes(zIF, kind), noise);
    const rising = tf.sigmoid(zIF);
    const falling = tf.sigmoid(tf.neg(zIF));
    if (kind === 'independent') {
      const [logA, logB] = tf.split(logG, 2, 1) as [tf.Tensor, tf.Tensor];
      const [slopeA, slopeB] = tf.split(slope, 2, 1) as [tf.Tensor, tf.Tensor];
      const gates = tf.sigmoid(tf.sub(logA, logB));
      const du = tf.add(tf.mul(slopeA, rising), tf.mul(slopeB, falling));
      return { gates, slopes: { own: tf.mul(tf.mul(gates, tf.sub(1, gates)), du) } };
    }
    const split3 = (t: tf.Tensor) => tf.split(t, [2 * hidden, 2 * hidden, hidden], 1) as [tf.Tensor, tf.Tensor, tf.Tensor];
    const [logA, logB, logS] = split3(logG);
    const [slopeA, slopeB, slopeS] = split3(slope);
    const toS = tf.sub(tf.concat([logS, logS], 1), logB);
    const gates = tf.sigmoid(tf.sub(logA, tf.add(logB, tf.softplus(toS))));
    const w = tf.sigmoid(toS);
    const viaB = tf.mul(tf.sub(1, w), slopeB);
    const viaS = tf.mul(w, tf.concat([slopeS, slopeS], 1));
    const [bI, bF] = tf.split(tf.softplus(tf.neg(zIF)), 2, 1) as [tf.Tensor, tf.Tensor];
    const minI = tf.cast(tf.lessEqual(bI, bF), 'float32');
    const [fallingI, fallingF] = tf.split(falling, 2, 1) as [tf.Tensor, tf.Tensor];
    const dsI = tf.mul(-SHARED_FRACTION, tf.mul(minI, fallingI));
    const dsF = tf.mul(-SHARED_FRACTION, tf.mul(tf.sub(1, minI), fallingF));
    const dsOwn = tf.concat([dsI, dsF], 1);
    const dsOther = tf.concat([dsF, dsI], 1);
    const duOwn = tf.add(tf.mul(slopeA, rising), tf.sub(tf.mul(viaB, tf.add(falling, dsOwn)), tf.mul(viaS, dsOwn)));
    const duOther = tf.mul(dsOther, tf.sub(viaB, viaS));
    const dGate = tf.mul(gates, tf.sub(1, gates));
    return { gates, slopes: { own: tf.mul(dGate, duOwn), cross: tf.mul(dGate, duOther) } };
  });
}

/** The gates' means, [B, 2H]: sp(z) / (sp(z) + sp(−z)), the same for both kinds (their marginals agree). */
export function meanBetaGates(zIF: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const first = tf.softplus(zIF);
    return tf.div(first, tf.add(first, tf.softplus(tf.neg(zIF))));
  });
}
