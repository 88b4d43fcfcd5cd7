import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/contract/runSettings';
import { linkQuery, parseLink } from '../../../src/ui/shareLink';

describe('shareable links', () => {
  it('hold only non-default settings, with a version, and read back to the same state', () => {
    const settings = { ...DEFAULT_SETTINGS, hidden: 128, seed: 7, lr: 0.002, hDetach: 0.25, forgetBias: 3, compareHDetach: true, copyDelay: 20 };
    const state = { settings: { ...settings, cells: ['lstm' as const, 'bibeta' as const] }, tauSchedule: [], corpusId: 'copying', backend: 'wasm' as const };
    const query = linkQuery(state);
    expect(query).toBe('?v=3&corpus=copying&hidden=128&lr=0.002&hDetach=0.25&forgetBias=3&seed=7&copyDelay=20&hdcompare=1&models=lstm%2Cbibeta&backend=wasm');
    expect(parseLink(query)).toEqual({ state, problems: [] });
  });

  it('the defaults make a bare link, and an address without settings is no link', () => {
    expect(linkQuery({ settings: { ...DEFAULT_SETTINGS }, corpusId: 'moby-dick', backend: 'auto' })).toBe('?v=3');
    expect(parseLink('')).toEqual({ state: null, problems: [] });
    expect(parseLink('?test-hooks')).toEqual({ state: null, problems: [] });
    expect(parseLink('?backend=cpu')).toEqual({ state: null, problems: [] });
  });

  it('bad values are ignored one by one, each with its reason', () => {
    const { state, problems } = parseLink('?v=1&hidden=100000&seed=abc&layers=2&sharpened=yes&corpus=../../etc&backend=cuda');
    expect(state?.settings).toEqual({ ...DEFAULT_SETTINGS, lr: 0.005, layers: 2, cells: ['g2', 'lstm'] });
    expect(state?.corpusId).toBe('moby-dick');
    expect(state?.backend).toBe('auto');
    expect(problems).toEqual([
      'backend “cuda” is not one of webgpu, webgl, wasm, cpu',
      'Hidden size “100000” is outside 8–512',
      'Seed “abc” is not a number',
      'sharpened “yes” is not 0 or 1',
      "there is no built-in text “../../etc” (uploaded texts can't travel in a link)",
    ]);
  });

  it('whole-number settings take only whole decimal numbers; fractions, hex and blanks are refused, each said', () => {
    const { state, problems } = parseLink('?v=3&hidden=12.5&batch=2.5&layers=1.5&seed=0x10&targetSteps=&lr=0.002');
    expect(state?.settings).toEqual({ ...DEFAULT_SETTINGS, lr: 0.002 });
    expect(problems).toEqual([
      'Hidden size “12.5” is not a whole number',
      'Layers “1.5” is not a whole number',
      'Batch “2.5” is not a whole number',
      'Seed “0x10” is not a number',
      'Steps “” is not a number',
    ]);
  });

  it('long values are cut in the messages', () => {
    const long = 'x'.repeat(5000);
    const { problems } = parseLink(`?v=3&hidden=${long}&models=${long}&corpus=${long}&backend=${long}`);
    expect(problems).toHaveLength(4);
    for (const p of problems) expect(p.length).toBeLessThan(120);
    expect(problems[1]).toBe(`Hidden size “${'x'.repeat(24)}…” is not a number`);
  });

  it('a wrong forced backend is said even without a link version', () => {
    expect(parseLink('?backend=nonsense')).toEqual({ state: null, problems: ['backend “nonsense” is not one of webgpu, webgl, wasm, cpu'] });
  });

  it('carry the τ schedule as step:τ pairs and read it back; a damaged schedule is dropped whole, with its reason', () => {
    const tauSchedule = [
      { step: 0, tau: 0.5 },
      { step: 120, tau: 0.2 },
      { step: 300, tau: 1.25 },
    ];
    const query = linkQuery({ settings: { ...DEFAULT_SETTINGS }, tauSchedule, corpusId: 'moby-dick', backend: 'auto' });
    expect(query).toBe('?v=3&taus=0%3A0.5%2C120%3A0.2%2C300%3A1.25');
    expect(parseLink(query).state?.tauSchedule).toEqual(tauSchedule);
    for (const bad of ['10:0.5,5:0.2', '1.5:0.5', '10:', '10:NaN', '10:9', ':', '', 'x'.repeat(5000), '-1:0.5', '10:0.5:1', `${'1:0.5,'.repeat(2)}`]) {
      const { state, problems } = parseLink(`?v=3&taus=${encodeURIComponent(bad)}`);
      expect(state?.tauSchedule, bad).toEqual([]);
      expect(problems[0], bad).toMatch(/^the τ schedule “.{0,60}” is not a list of step:τ/);
    }
  });

  it('a link of another format version is not guessed at', () => {
    expect(parseLink('?v=4&hidden=128')).toEqual({ state: null, problems: ['the link is of format 4, this page reads 1, 2 and 3; its settings are ignored'] });
  });

  it('links of versions 1 and 2 left out the learning rate of their day, 0.005; version 3 leaves out 0.01', () => {
    expect(DEFAULT_SETTINGS.lr).toBe(0.01);
    for (const v of ['1', '2']) {
      expect(parseLink(`?v=${v}`).state?.settings.lr).toBe(0.005);
      expect(parseLink(`?v=${v}&lr=0.01`).state?.settings.lr).toBe(0.01);
    }
    expect(parseLink('?v=3').state?.settings.lr).toBe(0.01);
    // A run at the old default travels as such in a new link.
    expect(linkQuery({ settings: { ...DEFAULT_SETTINGS, lr: 0.005 }, corpusId: 'moby-dick', backend: 'auto' })).toBe('?v=3&lr=0.005');
  });

  it('version 1 links keep their models: G2 and LSTM, with the sharpened model when sharpened=1', () => {
    expect(parseLink('?v=1').state?.settings.cells).toEqual(['g2', 'lstm']);
    expect(parseLink('?v=1&sharpened=1').state?.settings.cells).toEqual(['g2', 'lstm', 'sharpened']);
    expect(parseLink('?v=2').state?.settings.cells).toEqual(['g2', 'lstm']);
    expect(parseLink('?v=2&models=g2,lstm,sharpened').state?.settings.cells).toEqual(['g2', 'lstm', 'sharpened']);
  });

  it('a model list keeps known cells in the page order, and falls back to the default when none is usable', () => {
    expect(parseLink('?v=3&models=beta,g2,g2').state?.settings.cells).toEqual(['g2', 'beta']);
    expect(parseLink('?v=3&models=gru,lstm')).toMatchObject({ state: { settings: { cells: ['lstm'] } }, problems: ['models “gru” are not among g2, lstm, sharpened, beta, bibeta'] });
    expect(parseLink('?v=3&models=')).toMatchObject({ state: { settings: { cells: DEFAULT_SETTINGS.cells } }, problems: ['models “” are not among g2, lstm, sharpened, beta, bibeta'] });
    expect(parseLink('?v=3&copyDelay=0').problems).toEqual(['Delay T “0” is outside 1–500']);
    // The forget-gate bias: a number in −5–10, like every setting of the table.
    expect(parseLink('?v=3&forgetBias=abc')).toMatchObject({ state: { settings: { forgetBias: 0 } }, problems: ['Forget-gate bias “abc” is not a number'] });
    expect(parseLink('?v=3&forgetBias=99').problems).toEqual(['Forget-gate bias “99” is outside -5–10']);
    expect(parseLink('?v=3&forgetBias=NaN').problems).toEqual(['Forget-gate bias “NaN” is not a number']);
  });
});
