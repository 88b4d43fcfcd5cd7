import { csvParse } from 'd3';
import { describe, expect, it } from 'vitest';
import type { CompressionRow } from '../../../src/contract/compression';
import { COMPRESSION_COLUMNS, compressionData } from '../../../src/ui/exports/compressionTable';
import { constantGatesData } from '../../../src/ui/exports/constantGates';
import { LOSS_COLUMNS, lossData, softBinaryData } from '../../../src/ui/exports/curves';
import { exportFileName } from '../../../src/ui/exports/fileName';
import { GATE_STATISTICS_COLUMNS, gateStatisticsData } from '../../../src/ui/exports/gateStatistics';
import { gateTextData } from '../../../src/ui/exports/gateTextData';
import { samplesText } from '../../../src/ui/exports/samplesText';
import { toCsv } from '../../../src/ui/exports/toCsv';
import type { ModelStatistics } from '../../../src/worker/protocol';
import { modelStatistics, peaked } from './statisticsFixture';

const meta = { title: 'Gate histograms', corpus: 'moby-dick', step: 120 };

describe('toCsv', () => {
  it('writes a header row, CRLF records, RFC 4180 quoting and unrounded numbers', () => {
    const csv = toCsv(
      [
        { label: 'round r=0.2, clip c=0.4', value: 0.1 + 0.2, note: 'say "hi"' },
        { label: 'two\nlines', value: -1e-9, note: null },
      ],
      ['label', 'value', 'note'],
    );
    expect(csv).toBe('label,value,note\r\n"round r=0.2, clip c=0.4",0.30000000000000004,"say ""hi"""\r\n"two\nlines",-1e-9,\r\n');
    expect(csvParse(csv)).toEqual(
      Object.assign(
        [
          { label: 'round r=0.2, clip c=0.4', value: '0.30000000000000004', note: 'say "hi"' },
          { label: 'two\nlines', value: '-1e-9', note: '' },
        ],
        { columns: ['label', 'value', 'note'] },
      ),
    );
  });

  it('an empty table is its header', () => {
    expect(toCsv([], ['a', 'b'])).toBe('a,b\r\n');
  });
});

describe('file names', () => {
  it('gatelab-<panel>-<corpus>-step<N>.<ext>; an uploaded file name loses its extension and odd characters', () => {
    expect(exportFileName('histograms', meta, 'csv')).toBe('gatelab-histograms-moby-dick-step120.csv');
    expect(exportFileName('loss', { ...meta, corpus: 'My notes (v2).txt' }, 'png')).toBe('gatelab-loss-My-notes-v2-step120.png');
    expect(exportFileName('loss', { ...meta, corpus: '' }, 'svg')).toBe('gatelab-loss-run-step120.svg');
  });
});

const bins = (n: number, peak: number) => peaked(n, peak, 0.5 + 1 / 3);
const stats = (model: 'g2' | 'lstm'): ModelStatistics =>
  modelStatistics(
    model,
    { input10: bins(10, 9), forget10: bins(10, 0), input50: bins(50, 49), forget50: bins(50, 0), inputEnds: { low: 0.05, high: 0.8 }, forgetEnds: { low: 0.7, high: 0.1 } },
    { validBpc: 2.5123456789, validBpcBinary: model === 'g2' ? 2.45 : 3.1 },
  );

describe('gate statistics', () => {
  const statistics = { step: 100, tau: 0.9, mode: 'soft' as const, models: [stats('g2'), stats('lstm')] };

  it('CSV: one row per model, gate and bin of the 10- and 50-bin histograms, with the per-gate and per-model numbers', () => {
    const file = gateStatisticsData(statistics);
    if (!file) throw new Error('no file');
    const rows = csvParse(file.csv);
    expect(rows.columns).toEqual([...GATE_STATISTICS_COLUMNS]);
    expect(rows).toHaveLength(2 * 2 * (10 + 50));
    const top = rows.find((r) => r.model === 'g2' && r.gate === 'input' && r.bins === '10' && r.bin === '9');
    expect(top).toMatchObject({ step: '100', tau: '0.9', mode: 'soft', from: '0.9', to: '1', end_low: '0.05', end_high: '0.8' });
    expect(Number(top?.fraction)).toBe(0.5 + 1 / 3);
    expect(top?.fraction).toBe(String(0.5 + 1 / 3)); // unrounded
    expect(top).toMatchObject({ distance_from_binary: '0.12', valid_bpc: '2.5123456789', valid_bpc_soft: '2.4', valid_bpc_binary: '2.45' });
    expect(rows.filter((r) => r.model === 'lstm' && r.gate === 'forget' && r.bins === '50')).toHaveLength(50);
  });

  it('JSON: the statistics as sent, numbers unrounded; nothing without statistics', () => {
    const json = JSON.parse(JSON.stringify(gateStatisticsData(statistics)?.json));
    expect(json.statistics).toMatchObject({ step: 100, tau: 0.9, mode: 'soft' });
    expect(json.statistics.models[0].gates.input10[9]).toBe(0.5 + 1 / 3);
    expect(json.statistics.models[1].validBpcBinary).toBe(3.1);
    expect(gateStatisticsData(null)).toBeNull();
    expect(gateStatisticsData({ ...statistics, models: [] })).toBeNull();
  });
});

describe('compression table', () => {
  const row = (spec: CompressionRow['spec'], label: string, delta: number): CompressionRow => ({ spec, label, loss: 2 + delta, delta });
  const models = [
    {
      model: 'g2' as const,
      rows: [
        row({ kind: 'round', step: 0.2 }, 'round r=0.2', 0.01),
        row({ kind: 'roundClip', step: 0.2, clip: 0.4 }, 'round r=0.2, clip "c"=0.4', 0.02),
        row({ kind: 'lowRank', rank: 7 }, 'low rank k=7', 0.05),
        row({ kind: 'lowRank', rank: 2 }, 'low rank k=2', 0.2),
      ],
    },
    { model: 'lstm' as const, rows: [row({ kind: 'none' }, 'none', 0)] },
  ];

  it('CSV: label, kind, parameters, loss and Δ in nats and bits per char; labels with commas and quotes survive', () => {
    const file = compressionData(models, 3);
    if (!file) throw new Error('no file');
    expect(file.csv.split('\r\n')[0]).toBe(COMPRESSION_COLUMNS.join(','));
    expect(file.csv).toContain('"round r=0.2, clip ""c""=0.4"');
    const rows = csvParse(file.csv);
    expect(rows).toHaveLength(5);
    expect(rows[1]).toMatchObject({ model: 'g2', role: 'chosen', label: 'round r=0.2, clip "c"=0.4', kind: 'roundClip', round_step: '0.2', clip: '0.4', rank: '' });
    expect(rows[3]).toMatchObject({ role: 'sweep', kind: 'lowRank', round_step: '', clip: '', rank: '2', delta_nats: '0.2' });
    expect(Number(rows[3]?.delta_bpc)).toBe(0.2 / Math.LN2);
    expect(Number(rows[3]?.loss_bpc)).toBe(2.2 / Math.LN2);
    expect(rows[4]).toMatchObject({ model: 'lstm', kind: 'none', round_step: '', rank: '', loss_nats: '2', delta_nats: '0' });
  });

  it('JSON: the rows per model, unrounded', () => {
    const json = JSON.parse(JSON.stringify(compressionData(models, 3)?.json));
    expect(json.compression[0].rows[1]).toEqual({ spec: { kind: 'roundClip', step: 0.2, clip: 0.4 }, label: 'round r=0.2, clip "c"=0.4', loss: 2.02, delta: 0.02 });
    expect(compressionData([], 3)).toBeNull();
  });
});

describe('curves', () => {
  it('loss: training and validation points joined on step and model', () => {
    const train = [1, 2].flatMap((step) => (['g2', 'lstm'] as const).map((model) => ({ step, model, bpc: 5 - step })));
    const valid = [{ step: 2, model: 'lstm' as const, bpc: 2.4, bpcBinary: 3.1 }];
    const file = lossData(train, valid);
    if (!file) throw new Error('no file');
    const rows = csvParse(file.csv);
    expect(rows.columns).toEqual([...LOSS_COLUMNS]);
    expect(rows.map((r) => `${r.step} ${r.model} ${r.train_bpc} ${r.valid_bpc} ${r.valid_bpc_binary}`)).toEqual([
      '1 g2 4  ',
      '1 lstm 4  ',
      '2 g2 3  ',
      '2 lstm 3 2.4 3.1',
    ]);
    expect(lossData([], [])).toBeNull();
  });

  it('soft versus binarized: distances and the cost of binarizing', () => {
    const file = softBinaryData([{ step: 5, model: 'g2', input: 0.3, forget: 0.2 }], [{ step: 5, model: 'g2', bpc: 2, bpcBinary: 2.25 }]);
    expect(csvParse(file?.csv ?? '')[0]).toEqual({
      step: '5',
      model: 'g2',
      input_distance: '0.3',
      forget_distance: '0.2',
      valid_bpc_soft: '2',
      valid_bpc_binary: '2.25',
      binarize_cost_bpc: '0.25',
    });
  });
});

describe('gates over text and samples', () => {
  it('gates over text: a row per character, the character quoted where it needs to be, a column per model and gate', () => {
    const chars = Array.from('a,"\n');
    const values = Float32Array.from([0, 0.25, 0.5, 1]);
    const file = gateTextData(chars, [{ key: 'g2-input', label: 'G2 input', values }], 'mean over units', { mode: 'sharpened', tau: 0.3 });
    const rows = csvParse(file?.csv ?? '');
    expect(rows.columns).toEqual(['index', 'char', 'g2_input', 'mode', 'tau']);
    expect(rows.map((r) => r.char)).toEqual(chars);
    expect(rows.map((r) => Number(r.g2_input))).toEqual([0, 0.25, 0.5, 1]);
    // The same step gives other values in another gate mode: each file says which gates it holds.
    expect(rows.map((r) => `${r.mode} ${r.tau}`)).toEqual(Array(4).fill('sharpened 0.3'));
    const json = JSON.parse(JSON.stringify(file?.json));
    expect(json.rows[0].values).toEqual([0, 0.25, 0.5, 1]);
    expect([json.mode, json.tau]).toEqual(['sharpened', 0.3]);
  });

  it('samples as text: the run, the request, each model', () => {
    const text = samplesText([{ model: 'g2', text: 'whale' }, { model: 'lstm', text: 'sea' }], { temperature: 0.8, prime: 'Call' }, meta);
    expect(text).toBe('Gate Lab samples: moby-dick, step 120, temperature 0.8, start "Call"\n\nG2-LSTM:\nwhale\n\nLSTM:\nsea\n');
    expect(samplesText([], null, meta)).toBeNull();
  });

  it('constant gates: one row per model, gate and unit, marked constant under the threshold', () => {
    const m = {
      model: 'g2' as const,
      mode: 'soft' as const,
      hidden: 2,
      spreads: Float32Array.of(0.01, 0.2, 0.3, 0.04, 0.5, 0.6, 0.7, 0.8),
      means: Float32Array.of(0.9, 0.5, 0.5, 0.1, 0, 0, 0, 0),
      frozenPerGate: [1, 1, 0, 0] as [number, number, number, number],
      removableUnits: 0,
      deltaBpc: 0.001,
      validBpc: 2,
    };
    expect(constantGatesData(null)).toBeNull();
    const file = constantGatesData({ step: 7, threshold: 0.05, models: [m] });
    const lines = (file?.csv.split('\r\n') ?? []).filter(Boolean);
    expect(lines[0]).toBe('step,model,mode,gate,unit,std,mean,constant');
    expect(lines).toHaveLength(1 + 4 * 2);
    expect(lines[1]).toMatch(/^7,g2,soft,i,0,0\.0099999\d*,0\.899999\d*,1$/);
    expect(lines[4]).toMatch(/^7,g2,soft,f,1,0\.03999\d*,0\.10000\d*,1$/);
    expect(lines[2]?.endsWith(',0')).toBe(true);
    expect(file?.json).toMatchObject({ step: 7, threshold: 0.05, gates: ['i', 'f', 'g', 'o'], models: [{ model: 'g2', removableUnits: 0 }] });
  });
});
