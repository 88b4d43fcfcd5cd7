import { useId, useState } from 'react';
import { BUILTIN_CORPORA } from '../data/corpora';
import { type CellKind, GATE_MODES, type GateMode } from '../model/types';
import { BACKENDS, type BackendName, type EditableSettings } from '../contract/runSettings';
import { readNumberSetting } from '../contract/settingsTable';
import { MODEL_NAMES } from '../contract/models';
import { Described } from './Described';
import { CELL_NOTES, GATE_MODE_NOTES, GLOSSARY } from './glossary';
import { CELL_CHOICES, copyWindowNote, type NumberField, NUMBER_FIELDS, QUICK_COPY, quickCopySettings, type SettingChange, sliderFromTau, TAU_MAX, TAU_MIN, tauFromSlider, withCompareHDetach } from './settings';
import { DraftNumberInput } from './DraftNumberInput';

export interface ControlsProps {
  backend: BackendName | 'auto';
  onBackend: (backend: BackendName | 'auto') => void;
  corpusId: string;
  uploadName: string | null;
  settings: EditableSettings;
  /** Where the fields differ from the run on screen: what Apply would change. */
  changes: SettingChange[];
  running: boolean;
  /** False while imported weights are on show (inference only). */
  canTrain: boolean;
  /** What to do, beside the Run legend above Train, while nothing runs (see startHint). */
  hint?: string | null;
  tau: number;
  mode: GateMode;
  onCorpus: (id: string) => void;
  onUpload: (file: File) => void;
  onSettings: (settings: EditableSettings) => void;
  onApply: () => void;
  /** Sets the copying task's quick settings and starts a run with them. */
  onQuickCopy: (settings: EditableSettings) => void;
  onTrainPause: () => void;
  onStep: () => void;
  onReset: () => void;
  onTau: (tau: number) => void;
  onMode: (mode: GateMode) => void;
  onExport: () => void;
  /** The files picked together: a model's .safetensors, several, a .zip of them, with a report's .json beside. */
  onImport: (files: File[]) => void;
  onSavedRuns: () => void;
  onCopyLink: () => void;
}

/** A file picker that looks like a button; the same file can be picked twice in a row. Without `accept` it offers every file. */
function FileButton({ label, accept, multiple, onFiles }: { label: string; accept?: string; multiple?: boolean; onFiles: (files: File[]) => void }) {
  return (
    <label className="file-button">
      {label}
      <input
        type="file"
        accept={accept}
        multiple={multiple}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          if (files.length) onFiles(files);
          e.target.value = '';
        }}
      />
    </label>
  );
}

interface NumberInputProps {
  field: NumberField;
  settings: EditableSettings;
  onSettings: (s: EditableSettings) => void;
  /** The run on screen has another value (shown until Apply). */
  edited: boolean;
}

function NumberInput({ field, settings, onSettings, edited }: NumberInputProps) {
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <Described text={field.description}>
      {(tip) => (
        <label className={edited ? 'edited' : undefined} title={edited ? 'Not applied yet: the run on screen uses another value' : undefined}>
          {field.label}
          <DraftNumberInput
            min={field.min}
            max={field.max}
            step={field.step}
            value={settings[field.key]}
            aria-invalid={problem !== null}
            aria-describedby={tip}
            onText={(text) => {
              // The same rule as links and saved runs: a fraction where a whole number goes is not taken.
              const read = readNumberSetting(field, text);
              setProblem('problem' in read && text !== '' ? `${read.problem}; kept ${settings[field.key]}.` : null);
              if ('value' in read) onSettings({ ...settings, [field.key]: read.value });
            }}
            onBlur={() => setProblem(null)}
          />
          {problem && (
            <span className="hint" role="status">
              {problem}
            </span>
          )}
        </label>
      )}
    </Described>
  );
}

/** The cells to train: ticking keeps the page's order; the last ticked one cannot be unticked. */
function toggleCell(cells: readonly CellKind[], cell: CellKind, on: boolean): CellKind[] {
  return CELL_CHOICES.filter((c) => (c === cell ? on : cells.includes(c)));
}

/** The bar under the fields: what Apply would change, and that it restarts the run. */
function PendingChanges({ changes }: { changes: SettingChange[] }) {
  if (!changes.length) return null;
  return (
    <p className="pending-changes" role="status" data-testid="pending-changes">
      Not applied: {changes.map((c) => `${c.label} ${c.from} → ${c.to}`).join(', ')}. Apply restarts the run from step 0.
    </p>
  );
}

export function Controls(props: ControlsProps) {
  const id = useId();
  const { settings } = props;
  const edited = new Set(props.changes.map((c) => c.key));
  const corpusShown = props.uploadName ? 'upload' : props.corpusId;
  const corpusFields = NUMBER_FIELDS.filter((f) => f.corpus === corpusShown);
  const quickCopy = quickCopySettings(settings);
  return (
    <aside className="controls" aria-label="Controls">
      <fieldset>
        <legend>Text</legend>
        <label htmlFor={`${id}-corpus`}>Corpus</label>
        <Described text={GLOSSARY.corpus}>
          {(tip) => (
            <select
              id={`${id}-corpus`}
              value={props.uploadName ? 'upload' : props.corpusId}
              aria-describedby={tip}
              onChange={(e) => props.onCorpus(e.target.value)}
            >
              {BUILTIN_CORPORA.map((c) => (
                <option key={c.id} value={c.id} title={c.description}>
                  {c.title}
                </option>
              ))}
              {props.uploadName && <option value="upload">{props.uploadName}</option>}
            </select>
          )}
        </Described>
        {/* Any file: a text without an extension (LICENSE, README) has no type a filter could let through; the page checks the bytes. */}
        <FileButton label="Upload text" onFiles={([file]) => file && props.onUpload(file)} />
        {corpusFields.length > 0 && (
          <div className="grid">
            {corpusFields.map((f) => (
              <NumberInput key={f.key} field={f} settings={settings} onSettings={props.onSettings} edited={edited.has(f.key)} />
            ))}
          </div>
        )}
        {corpusShown === 'copying' && (
          <p className="hint" data-testid="copy-window">
            {copyWindowNote(settings)}
          </p>
        )}
        {corpusShown === 'copying' && quickCopy && (
          <button type="button" onClick={() => props.onQuickCopy(quickCopy)}>
            Quick to learn: T = {QUICK_COPY.copyDelay}, learning rate {QUICK_COPY.lr}, forget-gate bias +{QUICK_COPY.forgetBias}
          </button>
        )}
      </fieldset>
      <fieldset>
        <legend>Models</legend>
        <div className="grid checks single">
          {CELL_CHOICES.map((cell) => (
            <Described key={cell} text={CELL_NOTES[cell]}>
              {(tip) => (
                <label>
                  <input
                    type="checkbox"
                    checked={settings.cells.includes(cell)}
                    disabled={settings.cells.length === 1 && settings.cells.includes(cell)}
                    aria-describedby={tip}
                    onChange={(e) => props.onSettings({ ...settings, cells: toggleCell(settings.cells, cell, e.target.checked) })}
                  />
                  {MODEL_NAMES[cell]}
                </label>
              )}
            </Described>
          ))}
          <Described text={GLOSSARY.compareHDetach}>
            {(tip) => (
              <label>
                <input
                  type="checkbox"
                  checked={settings.compareHDetach}
                  aria-describedby={tip}
                  onChange={(e) => props.onSettings(withCompareHDetach(settings, e.target.checked))}
                />
                With and without h-detach
              </label>
            )}
          </Described>
        </div>
      </fieldset>
      <fieldset>
        <legend>Model and training</legend>
        <div className="grid">
          {NUMBER_FIELDS.filter((f) => !f.corpus && f.key !== 'tau').map((f) => (
            <NumberInput key={f.key} field={f} settings={settings} onSettings={props.onSettings} edited={edited.has(f.key)} />
          ))}
        </div>
        <label htmlFor={`${id}-backend`}>Backend</label>
        <Described text={GLOSSARY.backend}>
          {(tip) => (
            <select
              id={`${id}-backend`}
              value={props.backend}
              aria-describedby={tip}
              onChange={(e) => props.onBackend(e.target.value as BackendName | 'auto')}
            >
              <option value="auto">Fastest available</option>
              {BACKENDS.map((b) => (
                <option key={b} value={b}>
                  {b}
                </option>
              ))}
            </select>
          )}
        </Described>
        <PendingChanges changes={props.changes} />
        <button type="button" onClick={props.onApply}>
          Apply settings and restart
        </button>
      </fieldset>
      <fieldset>
        {/* On the legend's line: the hint costs the control column no height (it fits 800 px). */}
        <legend>
          Run
          {props.hint && (
            <span className="hint" data-testid="start-hint">
              {' '}
              · {props.hint}
            </span>
          )}
        </legend>
        <div className="buttons">
          <button type="button" className="primary" onClick={props.onTrainPause} disabled={!props.canTrain}>
            {props.running ? 'Pause' : 'Train'}
          </button>
          <button type="button" onClick={props.onStep} disabled={!props.canTrain}>
            Step
          </button>
          <button type="button" onClick={props.onReset}>
            Reset
          </button>
        </div>
      </fieldset>
      <fieldset>
        <legend>Gates</legend>
        <label htmlFor={`${id}-tau`} title="The G2-LSTM temperature of the run: training uses it from the next step, the gate panels at once">
          Temperature τ
        </label>
        <Described text={GLOSSARY.evalTau}>
          {(tip) => (
            <div className="tau-row">
              <input
                id={`${id}-tau`}
                type="range"
                min={0}
                max={100}
                value={sliderFromTau(props.tau)}
                aria-valuetext={`τ = ${props.tau}`}
                aria-describedby={tip}
                onChange={(e) => props.onTau(tauFromSlider(Number(e.target.value)))}
              />
              <DraftNumberInput
                aria-label="Temperature τ value"
                aria-describedby={tip}
                min={TAU_MIN}
                max={TAU_MAX}
                step={0.01}
                value={props.tau}
                onValue={props.onTau}
              />
            </div>
          )}
        </Described>
        <label htmlFor={`${id}-mode`}>Evaluation gate mode</label>
        <Described text={`${GLOSSARY.gateMode} Now: ${props.mode}, ${GATE_MODE_NOTES[props.mode]}.`}>
          {(tip) => (
            <select id={`${id}-mode`} value={props.mode} aria-describedby={tip} onChange={(e) => props.onMode(e.target.value as GateMode)}>
              {GATE_MODES.map((m) => (
                <option key={m} value={m} title={GATE_MODE_NOTES[m]}>
                  {m}
                </option>
              ))}
            </select>
          )}
        </Described>
      </fieldset>
      <fieldset>
        <legend>Save and share</legend>
        <div className="buttons two">
          <button type="button" onClick={props.onExport}>
            Export weights
          </button>
          <FileButton label="Import weights" accept=".safetensors,.zip,.json" multiple onFiles={props.onImport} />
          <button type="button" onClick={props.onSavedRuns}>
            Saved runs
          </button>
          <button type="button" onClick={props.onCopyLink}>
            Copy link
          </button>
        </div>
      </fieldset>
    </aside>
  );
}
