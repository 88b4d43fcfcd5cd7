import * as tf from '@tensorflow/tfjs';
import { type GammaNoise, logGammaSample } from './gamma';

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

/** The gates' means, [B, 2H]: sp(z) / (sp(z) + sp(−z)), the same for both kinds (their marginals agree). */
export function meanBetaGates(zIF: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const first = tf.softplus(zIF);
    return tf.div(first, tf.add(first, tf.softplus(tf.neg(zIF))));
  });
}
