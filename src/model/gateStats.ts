/**
 * Statistics of gate values in [0, 1], as in the paper's Figures 1 and 3 (histograms with 10 bins of
 * width 0.1) and Figure 4 (per-token values averaged over units). Plain arrays in, plain arrays out.
 */

/** Fractions (summing to 1) of values in `bins` equal bins over [0, 1]; 1.0 falls in the last bin. */
export function histogram(values: ArrayLike<number>, bins = 10): number[] {
  const counts = new Array<number>(bins).fill(0);
  for (let k = 0; k < values.length; k++) {
    const v = values[k] as number;
    const bin = Math.min(bins - 1, Math.max(0, Math.floor(v * bins)));
    counts[bin] = (counts[bin] as number) + 1;
  }
  const n = values.length || 1;
  return counts.map((c) => c / n);
}

export interface EndBinFractions {
  /** Share of values in [0, 0.1). */
  low: number;
  /** Share of values in [0.9, 1]. */
  high: number;
}

/** How saturated gates are: the paper's "two end bins". */
export function endBinFractions(values: ArrayLike<number>): EndBinFractions {
  let low = 0;
  let high = 0;
  for (let k = 0; k < values.length; k++) {
    const v = values[k] as number;
    if (v < 0.1) low++;
    else if (v >= 0.9) high++;
  }
  const n = values.length || 1;
  return { low: low / n, high: high / n };
}

/** Mean over rows of a row-major [rows, units] array: one value per unit. */
export function unitMeans(values: ArrayLike<number>, units: number): Float32Array {
  const means = new Float32Array(units);
  const rows = values.length / units;
  for (let k = 0; k < values.length; k++)
    means[k % units] = (means[k % units] as number) + (values[k] as number);
  for (let u = 0; u < units; u++) means[u] = (means[u] as number) / (rows || 1);
  return means;
}

/** Mean over units of each row of a row-major [rows, units] array: one value per token. */
export function rowMeans(values: ArrayLike<number>, units: number): Float32Array {
  const rows = values.length / units;
  const means = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let u = 0; u < units; u++) sum += values[r * units + u] as number;
    means[r] = sum / units;
  }
  return means;
}

/** Mean distance of gate values from their binarized values, mean(min(a, 1 − a)): 0 for binary gates. */
export function binarizationGap(values: ArrayLike<number>): number {
  let sum = 0;
  for (let k = 0; k < values.length; k++) {
    const v = values[k] as number;
    sum += Math.min(v, 1 - v);
  }
  return sum / (values.length || 1);
}

/** Entropy in nats of the unigram distribution of tokens: the loss of a model that ignores context. */
export function unigramEntropy(tokens: ArrayLike<number>, vocabSize: number): number {
  const counts = new Float64Array(vocabSize);
  for (let k = 0; k < tokens.length; k++)
    counts[tokens[k] as number] = (counts[tokens[k] as number] as number) + 1;
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / tokens.length) * Math.log(c / tokens.length);
  return h;
}

/** One unit's column of a row-major [rows, units] array. */
export function unitColumn(values: ArrayLike<number>, units: number, unit: number): Float32Array {
  const rows = values.length / units;
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) out[r] = values[r * units + unit] as number;
  return out;
}

/**
 * Joint histogram of paired gate values (input, forget) over `bins` × `bins` equal cells of
 * [0, 1]²: fractions summing to 1, row-major with the input gate's bin as the row.
 */
export function jointHistogram(input: ArrayLike<number>, forget: ArrayLike<number>, bins = 10): Float32Array {
  if (input.length !== forget.length)
    throw new Error(`jointHistogram: ${input.length} input values but ${forget.length} forget values`);
  const cell = (v: number): number => Math.min(bins - 1, Math.max(0, Math.floor(v * bins)));
  const out = new Float32Array(bins * bins);
  for (let k = 0; k < input.length; k++) {
    const row = cell(input[k] as number);
    const column = cell(forget[k] as number);
    out[row * bins + column] = (out[row * bins + column] as number) + 1;
  }
  const n = input.length || 1;
  for (let k = 0; k < out.length; k++) out[k] = (out[k] as number) / n;
  return out;
}

/** Pearson correlation of two equally long series; 0 when either is constant or empty. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return 0;
  let meanA = 0;
  let meanB = 0;
  for (let k = 0; k < n; k++) {
    meanA += a[k] as number;
    meanB += b[k] as number;
  }
  meanA /= n;
  meanB /= n;
  let cov = 0;
  let varA = 0;
  let varB = 0;
  for (let k = 0; k < n; k++) {
    const da = (a[k] as number) - meanA;
    const db = (b[k] as number) - meanB;
    cov += da * db;
    varA += da * da;
    varB += db * db;
  }
  if (varA <= 0 || varB <= 0) return 0;
  return Math.max(-1, Math.min(1, cov / Math.sqrt(varA * varB)));
}

/** Shares of a joint histogram's mass in its four corner regions: each gate < 0.1 or ≥ 0.9 (bins a multiple of 10). */
export interface JointCorners {
  /** input < 0.1, forget < 0.1 */
  closedClosed: number;
  /** input < 0.1, forget ≥ 0.9: keep the memory, ignore the input */
  closedOpen: number;
  /** input ≥ 0.9, forget < 0.1: overwrite the memory */
  openClosed: number;
  /** input ≥ 0.9, forget ≥ 0.9: add to the memory */
  openOpen: number;
}

export function jointCorners(values: ArrayLike<number>, bins: number): JointCorners {
  if (bins % 10 !== 0) throw new Error(`jointCorners: ${bins} bins do not split at 0.1 and 0.9`);
  const edge = bins / 10;
  const sum = (rows: [number, number], columns: [number, number]) => {
    let s = 0;
    for (let r = rows[0]; r < rows[1]; r++) for (let c = columns[0]; c < columns[1]; c++) s += values[r * bins + c] as number;
    return s;
  };
  const low: [number, number] = [0, edge];
  const high: [number, number] = [bins - edge, bins];
  return { closedClosed: sum(low, low), closedOpen: sum(low, high), openClosed: sum(high, low), openOpen: sum(high, high) };
}
