import { PAPER_ACCURACY, PAPER_COMPRESSION, PAPER_END_BINS } from './paperFigures';
import { modelName, namesInASentence } from '../contract/models';
import type { GateMode } from './types';

/** The two models the paper compares, named as everywhere else on the page. */
const G2 = modelName('g2');
const LSTM = modelName('lstm');

/**
 * The paper's three claims judged on this run's numbers (G2-LSTM against the LSTM, deterministic σ(z)
 * gates): pure functions, so the page, the reproduce table and the tests agree on every verdict.
 */
/** 'not shown': the run cannot test the claim yet (it neither bears it out nor goes against it). */
export type Verdict = 'met' | 'partly' | 'not met' | 'not shown';

export interface ClaimCheck {
  claim: string;
  /** The paper's figure, in words. */
  paper: string;
  /** This run's figure, in words. */
  measured: string;
  verdict: Verdict;
  /** Why this verdict, from the numbers. */
  reason: string;
}

export interface GateShares {
  /** Shares of gate values in the end bins [0, 0.1) ∪ [0.9, 1]. */
  input: number;
  forget: number;
}

const pct = (x: number) => `${Math.round(100 * x)} %`;

/** The margin by which G2's end-bin shares must beat the LSTM's on both gates to count as "near 0/1 where the LSTM is not". */
export const SATURATION_MARGIN = 0.3;
/** G2's shares on both gates at least this for "near 0 or 1" (the paper: 75 % and 62 %). */
export const SATURATION_LEVEL = 0.6;

/**
 * Claim 1 (Fig. 3): G2's input and forget gates sit near 0 or 1 where the LSTM's spread out. Met when
 * G2 has at least 60 % of both gates' values in the end bins and beats the LSTM by 30 points on both
 * (the paper: by 53 and 49); partly when G2 is the more saturated on both gates by less; not met otherwise.
 */
export function checkSaturation(g2: GateShares, lstm: GateShares): ClaimCheck {
  const leads = [g2.input - lstm.input, g2.forget - lstm.forget];
  const saturated = g2.input >= SATURATION_LEVEL && g2.forget >= SATURATION_LEVEL;
  const verdict: Verdict =
    saturated && leads.every((d) => d >= SATURATION_MARGIN) ? 'met' : leads.every((d) => d > 0) && saturated ? 'partly' : 'not met';
  const reason =
    verdict === 'met'
      ? `${G2}'s gates sit at 0 or 1 and the ${LSTM}'s are ${Math.round(100 * Math.min(...leads))}+ points less saturated.`
      : verdict === 'partly'
        ? `${G2}'s gates are near 0 or 1, but the ${LSTM}'s saturate too (lead ${Math.round(100 * leads[0]!)} / ${Math.round(100 * leads[1]!)} points, the paper's 53 / 49).`
        : !saturated
          ? `${G2}'s gates are not mostly near 0 or 1 (below ${pct(SATURATION_LEVEL)} in the end bins).`
          : `the ${LSTM}'s gates are as saturated as ${G2}'s or more.`;
  return {
    claim: `${G2}'s input and forget gates settle near 0 or 1; the ${LSTM}'s spread out (Fig. 3)`,
    paper: `end bins input / forget: ${G2} ${pct(PAPER_END_BINS.g2.input)} / ${pct(PAPER_END_BINS.g2.forget)}, ${LSTM} ${pct(PAPER_END_BINS.lstm.input)} / ${pct(PAPER_END_BINS.lstm.forget)}`,
    measured: `end bins input / forget: ${G2} ${pct(g2.input)} / ${pct(g2.forget)}, ${LSTM} ${pct(lstm.input)} / ${pct(lstm.forget)}`,
    verdict,
    reason,
  };
}

export interface CompressionCosts {
  /** Loss added by binarizing the input and forget gates, 1[z ≥ 0] instead of σ(z) (nats/char). */
  binarize: number;
  /** Loss added by each compression, in the same order for both models (nats/char). */
  compressions: { label: string; delta: number }[];
}

/** G2's binarizing cost must be at most this share of the LSTM's for the robustness claim. */
export const BINARIZE_RATIO = 1 / 3;
/** …and every compression's at most this share. */
export const COMPRESSION_RATIO = 1 / 2;
/** A cost this small (nats/char) counts as none, so a ratio of two near-zero costs decides nothing. */
export const NEGLIGIBLE_COST = 0.002;

const withinShare = (g2: number, lstm: number, share: number) => g2 <= NEGLIGIBLE_COST || g2 <= share * lstm;

/**
 * Claim 2 (Table 3): binarizing or compressing the gates costs G2 far less than the LSTM. Met when
 * binarizing costs G2 at most 1/3 of what it costs the LSTM and every compression at most 1/2; partly
 * when G2 loses less than the LSTM under most of them; not met otherwise. A cost under 0.002 nats/char
 * counts as none.
 */
export function checkRobustness(g2: CompressionCosts, lstm: CompressionCosts): ClaimCheck {
  const pairs = [
    { label: 'binarize', g2: g2.binarize, lstm: lstm.binarize, share: BINARIZE_RATIO },
    ...g2.compressions.map((c, k) => ({ label: c.label, g2: c.delta, lstm: lstm.compressions[k]?.delta ?? 0, share: COMPRESSION_RATIO })),
  ];
  const strong = pairs.filter((p) => withinShare(p.g2, p.lstm, p.share)).length;
  const better = pairs.filter((p) => p.g2 <= NEGLIGIBLE_COST || p.g2 < p.lstm).length;
  // Where the LSTM loses nothing either, there is no difference to show (early in training, say): not shown, which is not a failure.
  const tested = pairs.some((p) => p.lstm > NEGLIGIBLE_COST);
  const verdict: Verdict = !tested ? 'not shown' : strong === pairs.length ? 'met' : 2 * better > pairs.length ? 'partly' : 'not met';
  const cost = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;
  const reason = !tested
    ? `the ${LSTM} loses nothing either (every cost under ${NEGLIGIBLE_COST} nats/char), so there is no difference to show.`
    : verdict === 'met'
      ? `every cost of ${G2} is within its share of the ${LSTM}'s (binarize ≤ 1/3, compressions ≤ 1/2).`
      : `${G2} keeps within its share of the ${LSTM}'s cost in ${strong} of ${pairs.length} and loses less than the ${LSTM} in ${better} of ${pairs.length}.`;
  return {
    claim: `Binarizing or compressing the gate weights costs ${G2} far less than the ${LSTM} (Table 3)`,
    paper: `PTB perplexity added, ${G2} / ${LSTM}: ${PAPER_COMPRESSION.labels.map((l, k) => `${l} +${PAPER_COMPRESSION.g2[k]} / +${PAPER_COMPRESSION.lstm[k]}`).join(', ')}`,
    measured: `nats/char added, ${G2} / ${LSTM}: ${pairs.map((p) => `${p.label} ${cost(p.g2)} / ${cost(p.lstm)}`).join(', ')}`,
    verdict,
    reason,
  };
}

/** G2's validation loss at most this much above the LSTM's counts as "no cost in accuracy". */
export const ACCURACY_TOLERANCE = 0.02;
/** Up to this much above is "partly". */
export const ACCURACY_PARTLY = 0.05;

/**
 * Claim 3 (Table 1): G2's gates come at no cost in accuracy. Met when G2's validation loss (σ(z) gates)
 * is within 2 % of the LSTM's or below it; partly within 5 %; not met beyond.
 */
export function checkAccuracy(g2Loss: number, lstmLoss: number): ClaimCheck {
  const gap = g2Loss / lstmLoss - 1;
  const verdict: Verdict = gap <= ACCURACY_TOLERANCE ? 'met' : gap <= ACCURACY_PARTLY ? 'partly' : 'not met';
  const signed = `${gap >= 0 ? '+' : '−'}${Math.abs(100 * gap).toFixed(1)} %`;
  return {
    claim: 'The binary-valued gates come at no cost in accuracy (Table 1)',
    paper: `${PAPER_ACCURACY.unit}: ${G2} ${PAPER_ACCURACY.g2}, ${LSTM} ${PAPER_ACCURACY.lstm}`,
    measured: `validation loss: ${G2} ${g2Loss.toFixed(3)}, ${LSTM} ${lstmLoss.toFixed(3)} nats/char (${G2} ${signed})`,
    verdict,
    reason:
      verdict === 'met'
        ? gap <= 0
          ? `${G2}'s loss is at or below the ${LSTM}'s.`
          : `${G2}'s loss is within ${Math.round(100 * ACCURACY_TOLERANCE)} % of the ${LSTM}'s.`
        : `${G2}'s loss is ${signed} above the ${LSTM}'s (met within ${Math.round(100 * ACCURACY_TOLERANCE)} %, partly within ${Math.round(100 * ACCURACY_PARTLY)} %).`,
  };
}

export interface PaperCheckInput {
  g2: { loss: number; ends: GateShares; costs: CompressionCosts };
  lstm: { loss: number; ends: GateShares; costs: CompressionCosts };
}

/** The three claims, in the paper's order. */
export function paperCheck(input: PaperCheckInput): ClaimCheck[] {
  return [
    checkSaturation(input.g2.ends, input.lstm.ends),
    checkRobustness(input.g2.costs, input.lstm.costs),
    checkAccuracy(input.g2.loss, input.lstm.loss),
  ];
}

/** What the page's statistics report holds for one model (worker/protocol.ts's ModelStatistics, in part). */
export interface LiveStatistics {
  model: string;
  validBpcSoft: number;
  validBpcBinary: number;
  gates: { inputEnds: { low: number; high: number }; forgetEnds: { low: number; high: number } };
}

/** What the page's compression report holds for one model: rows in nats/char, the chosen settings first. */
export interface LiveCompression {
  model: string;
  rows: { label: string; delta: number }[];
}

/** The compression rows the check uses: the chosen round, round & clip and low rank (the sweep follows them). */
const CHOSEN_COMPRESSIONS = 3;

const ends = (g: LiveStatistics['gates']): GateShares => ({
  input: g.inputEnds.low + g.inputEnds.high,
  forget: g.forgetEnds.low + g.forgetEnds.high,
});

/**
 * Claim 1 is about σ(z) gates (Fig. 3). Under another evaluation gate mode the end-bin shares are those of
 * other gates (binary ones are all at 0 or 1): the numbers are shown as such and the claim is not judged.
 */
function saturationUnder(check: ClaimCheck, mode: GateMode): ClaimCheck {
  if (mode === 'soft') return check;
  return {
    ...check,
    measured: `${check.measured} (${mode} gates)`,
    verdict: 'not shown',
    reason: `the gates are evaluated in ${mode} mode, and Fig. 3 is about σ(z) gates: choose the soft evaluation gate mode to judge this claim.`,
  };
}

/**
 * The paper check on the page's live numbers (G2-LSTM and LSTM as trained, not their h-detach twins):
 * null with the reason when a model or a report is missing. `mode` is the evaluation gate mode the
 * statistics' gates were taken in (the losses and compression costs do not depend on it).
 */
export function livePaperCheck(
  statistics: LiveStatistics[] | undefined,
  compression: LiveCompression[] | undefined,
  mode: GateMode = 'soft',
): { checks: ClaimCheck[] } | { missing: string } {
  const stat = (model: string) => statistics?.find((s) => s.model === model);
  const comp = (model: string) => compression?.find((c) => c.model === model);
  const g2 = stat('g2');
  const lstm = stat('lstm');
  if (!g2 || !lstm) return { missing: `The paper compares ${G2} with the ${LSTM}: train both (Models) to check its claims.` };
  const g2c = comp('g2');
  const lstmc = comp('lstm');
  if (!g2c || !lstmc) return { missing: 'Waiting for the first compression report…' };
  const side = (s: LiveStatistics, c: LiveCompression) => ({
    loss: s.validBpcSoft * Math.LN2,
    ends: ends(s.gates),
    costs: {
      binarize: (s.validBpcBinary - s.validBpcSoft) * Math.LN2,
      compressions: c.rows.slice(0, CHOSEN_COMPRESSIONS).map((r) => ({ label: r.label, delta: r.delta })),
    },
  });
  const [saturation, ...others] = paperCheck({ g2: side(g2, g2c), lstm: side(lstm, lstmc) });
  return { checks: [saturationUnder(saturation!, mode), ...others] };
}

/** How a model's input and forget gates sit, from their end-bin shares. */
function saturationState(input: number, forget: number): 'mostly near 0 or 1' | 'partly near 0 or 1' | 'spread out' {
  return input >= SATURATION_LEVEL && forget >= SATURATION_LEVEL ? 'mostly near 0 or 1' : input < 0.4 && forget < 0.4 ? 'spread out' : 'partly near 0 or 1';
}

/**
 * The histogram's caption, from its data: each model's share of input and forget gate values in the end
 * bins, and which of them sit near 0 or 1 (at least SATURATION_LEVEL on both gates) or spread out. `grouped`
 * (beyond two models) names the models by state without their shares, which the panel's table holds, so the
 * caption stays two lines at 1280 px.
 */
export function saturationCaption(models: { name: string; input: number; forget: number }[], gatesDescription: string, grouped = false): string {
  if (models.length === 0) return `Every input and forget gate value on a validation slice (${gatesDescription}).`;
  if (grouped) {
    const states = [...new Set(models.map((m) => saturationState(m.input, m.forget)))];
    const parts = states.map((state) => `${namesInASentence(models.filter((m) => saturationState(m.input, m.forget) === state).map((m) => m.name))} ${state}`);
    return `Validation slice, ${gatesDescription}: ${parts.join('; ')} (shares in the end bins below).`;
  }
  const parts = models.map((m) => `${m.name} ${pct(m.input)} / ${pct(m.forget)}, ${saturationState(m.input, m.forget)}`);
  // Two lines at most beside two models at 1280 px, so the panel's table stays in its place.
  return `Validation slice, ${gatesDescription}; in the end bins (input / forget): ${parts.join('; ')}.`;
}
