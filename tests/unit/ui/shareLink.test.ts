import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/ui/settings';
import { linkQuery, parseLink } from '../../../src/ui/shareLink';

describe('shareable links', () => {
  it('hold only non-default settings, with a version, and read back to the same state', () => {
    const state = { settings: { ...DEFAULT_SETTINGS, hidden: 128, seed: 7, lr: 0.002, withSharpened: true }, corpusId: 'copying', backend: 'wasm' as const };
    const query = linkQuery(state);
    expect(query).toBe('?v=1&corpus=copying&hidden=128&lr=0.002&seed=7&sharpened=1&backend=wasm');
    expect(parseLink(query)).toEqual({ state, problems: [] });
  });

  it('the defaults make a bare link, and an address without settings is no link', () => {
    expect(linkQuery({ settings: { ...DEFAULT_SETTINGS }, corpusId: 'moby-dick', backend: 'auto' })).toBe('?v=1');
    expect(parseLink('')).toEqual({ state: null, problems: [] });
    expect(parseLink('?test-hooks')).toEqual({ state: null, problems: [] });
    expect(parseLink('?backend=cpu')).toEqual({ state: null, problems: [] });
  });

  it('bad values are ignored one by one, each with its reason', () => {
    const { state, problems } = parseLink('?v=1&hidden=100000&seed=abc&layers=2&sharpened=yes&corpus=../../etc&backend=cuda');
    expect(state?.settings).toEqual({ ...DEFAULT_SETTINGS, layers: 2 });
    expect(state?.corpusId).toBe('moby-dick');
    expect(state?.backend).toBe('auto');
    expect(problems).toEqual([
      'backend “cuda” is not one of webgpu, webgl, wasm, cpu',
      'Hidden size “100000” is outside 8–512',
      'Seed “abc” is outside 0–1000000',
      'sharpened “yes” is not 0 or 1',
      "there is no built-in text “../../etc” (uploaded texts can't travel in a link)",
    ]);
  });

  it('a link of another format version is not guessed at', () => {
    expect(parseLink('?v=2&hidden=128')).toEqual({ state: null, problems: ['the link is of format 2, this page reads 1; its settings are ignored'] });
  });
});
