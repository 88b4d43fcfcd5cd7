import { BUILTIN_CORPORA } from '../data/corpora';
import type { CellKind } from '../model/types';
import { BACKENDS, type BackendName, DEFAULT_SETTINGS, type EditableSettings, type TauChange } from '../contract/runSettings';
import { cutValue, quoteValue, readNumberSetting } from '../contract/settingsTable';
import { CELL_CHOICES, NUMBER_FIELDS } from './settings';

/**
 * The link format; a link of another version is told, not guessed at. Version 1 had no model list, only
 * `sharpened=1` to add the third model to G2 and LSTM; versions 1 and 2 were written when the default
 * learning rate was 0.005, so a link of theirs without `lr` means 0.005. Such links still open as they were made.
 */
export const LINK_VERSION = 3;
const READABLE_VERSIONS = ['1', '2', '3'];
/** What a link of each older version left out because it was the default then. */
const FORMER_DEFAULTS: Record<string, Partial<EditableSettings>> = { '1': { lr: 0.005 }, '2': { lr: 0.005 } };
const DEFAULT_CORPUS = 'moby-dick';

/** What a link holds: every non-default setting, the τ schedule, the built-in corpus and a forced backend. */
export interface LinkState {
  settings: EditableSettings;
  /** The run's τ changes (step, τ), replayed when the link is opened. */
  tauSchedule?: TauChange[];
  corpusId: string;
  backend: BackendName | 'auto';
}

/** Flags: true is written as 1. */
const FLAG_FIELDS = [{ key: 'compareHDetach', param: 'hdcompare' }] as const;

const sameCells = (a: readonly CellKind[], b: readonly CellKind[]) => a.join() === b.join();

/** The query string of a link: only what differs from the defaults, so links stay short and readable. */
export function linkQuery(state: LinkState): string {
  const params = new URLSearchParams({ v: String(LINK_VERSION) });
  if (state.corpusId !== DEFAULT_CORPUS) params.set('corpus', state.corpusId);
  for (const f of NUMBER_FIELDS) {
    if (state.settings[f.key] !== DEFAULT_SETTINGS[f.key]) params.set(f.key, String(state.settings[f.key]));
  }
  for (const f of FLAG_FIELDS) if (state.settings[f.key] !== DEFAULT_SETTINGS[f.key]) params.set(f.param, state.settings[f.key] ? '1' : '0');
  if (!sameCells(state.settings.cells, DEFAULT_SETTINGS.cells)) params.set('models', state.settings.cells.join(','));
  if (state.tauSchedule?.length) params.set('taus', state.tauSchedule.map((c) => `${c.step}:${c.tau}`).join(','));
  if (state.backend !== 'auto') params.set('backend', state.backend);
  return `?${params}`;
}

export interface ParsedLink {
  /** Null when the address holds no link settings. */
  state: LinkState | null;
  /** What was ignored, and why, in words for the page. */
  problems: string[];
}

/** Reads a link; values out of range or unknown are ignored and listed in `problems`. */
export function parseLink(search: string): ParsedLink {
  const params = new URLSearchParams(search);
  const version = params.get('v');
  const backendParam = params.get('backend');
  const backend = BACKENDS.find((b) => b === backendParam) ?? 'auto';
  const problems: string[] = [];
  // A forced backend is read with or without a version (backendFromUrl), so a wrong one is said either way.
  if (backendParam !== null && backend === 'auto') problems.push(`backend ${quoteValue(backendParam)} is not one of ${BACKENDS.join(', ')}`);
  // Without a version the address is no link.
  if (version === null) return { state: null, problems };
  if (!READABLE_VERSIONS.includes(version)) {
    return { state: null, problems: [`the link is of format ${cutValue(version)}, this page reads ${READABLE_VERSIONS.slice(0, -1).join(', ')} and ${READABLE_VERSIONS.at(-1)}; its settings are ignored`] };
  }
  const settings: EditableSettings = { ...DEFAULT_SETTINGS, ...FORMER_DEFAULTS[version] };
  for (const f of NUMBER_FIELDS) {
    const raw = params.get(f.key);
    if (raw === null) continue;
    const read = readNumberSetting(f, raw);
    if ('value' in read) (settings[f.key] as number) = read.value;
    else problems.push(read.problem);
  }
  for (const f of FLAG_FIELDS) {
    const raw = params.get(f.param);
    if (raw === null) continue;
    if (raw === '1' || raw === '0') settings[f.key] = raw === '1';
    else problems.push(`${f.param} ${quoteValue(raw)} is not 0 or 1`);
  }
  settings.cells = version === '1' ? versionOneCells(params.get('sharpened'), problems) : cellsOf(params.get('models'), problems);
  const tauSchedule = scheduleOf(params.get('taus'), problems);
  const corpusParam = params.get('corpus') ?? DEFAULT_CORPUS;
  const corpus = BUILTIN_CORPORA.find((c) => c.id === corpusParam);
  if (!corpus) problems.push(`there is no built-in text ${quoteValue(corpusParam)} (uploaded texts can't travel in a link)`);
  return { state: { settings, tauSchedule, corpusId: corpus?.id ?? DEFAULT_CORPUS, backend }, problems };
}

const TAU_FIELD = NUMBER_FIELDS.find((f) => f.key === 'tau') as (typeof NUMBER_FIELDS)[number];
/** More changes than any person makes with a slider; a longer list is a damaged link. */
const MAX_TAU_CHANGES = 1000;

/** `taus=120:0.5,300:0.2`: τ changes as step:τ, steps whole and increasing, τ in the slider's range; all or nothing. */
function scheduleOf(raw: string | null, problems: string[]): TauChange[] {
  if (raw === null) return [];
  const changes = raw.split(',').map((pair) => pair.split(':'));
  const schedule: TauChange[] = [];
  for (const pair of changes.slice(0, MAX_TAU_CHANGES + 1)) {
    const [stepRaw = '', tauRaw = ''] = pair;
    const step = /^\d{1,9}$/.test(stepRaw) ? Number(stepRaw) : Number.NaN;
    const tau = tauRaw.trim() === '' ? Number.NaN : Number(tauRaw);
    const previous = schedule.at(-1)?.step ?? -1;
    const ok = pair.length === 2 && step > previous && tau >= TAU_FIELD.min && tau <= TAU_FIELD.max;
    if (!ok || schedule.length === MAX_TAU_CHANGES) {
      problems.push(`the τ schedule ${quoteValue(raw)} is not a list of step:τ with increasing whole steps and τ in ${TAU_FIELD.min}–${TAU_FIELD.max}`);
      return [];
    }
    schedule.push({ step, tau });
  }
  return schedule;
}

/** The `models` list of a link: known cells, each once; the default when absent or when none is usable. */
function cellsOf(raw: string | null, problems: string[]): CellKind[] {
  if (raw === null) return [...DEFAULT_SETTINGS.cells];
  const names = raw.split(',');
  const unknown = names.filter((n) => !CELL_CHOICES.includes(n as CellKind));
  if (unknown.length) problems.push(`models ${quoteValue(unknown.join(', '))} are not among ${CELL_CHOICES.join(', ')}`);
  const cells = CELL_CHOICES.filter((c) => names.includes(c));
  if (cells.length === 0) {
    if (!unknown.length) problems.push('the link names no model');
    return [...DEFAULT_SETTINGS.cells];
  }
  return cells;
}

/** Version 1 trained G2 and LSTM, and the sharpened model too with `sharpened=1`. */
function versionOneCells(raw: string | null, problems: string[]): CellKind[] {
  if (raw !== null && raw !== '0' && raw !== '1') problems.push(`sharpened ${quoteValue(raw)} is not 0 or 1`);
  return raw === '1' ? ['g2', 'lstm', 'sharpened'] : ['g2', 'lstm'];
}

/** The message for a link with problems. */
export function linkProblemMessage(problems: string[]): string {
  return `Some of the link's settings were not used: ${problems.join('; ')}. The defaults stand in for them.`;
}
