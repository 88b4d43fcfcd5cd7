import { useCallback, useEffect, useState } from 'react';
import { compressionSweep } from '../model/compression';
import type { GateMode } from '../model/types';
import type { BackendName, CorpusSource, RunSettings } from '../worker/protocol';
import { Controls } from './Controls';
import { CompressionPanel } from './panels/CompressionPanel';
import { GateTextPanel } from './panels/GateTextPanel';
import { HistogramPanel } from './panels/HistogramPanel';
import { LossPanel } from './panels/LossPanel';
import { SamplesPanel } from './panels/SamplesPanel';
import { SoftBinaryPanel } from './panels/SoftBinaryPanel';
import { StatusLine } from './StatusLine';
import { backendFromUrl, DEFAULT_SETTINGS, type EditableSettings } from './settings';
import { useTraining } from './useTraining';

type BackendChoice = BackendName | 'auto';

function runSettings(corpus: CorpusSource, settings: EditableSettings, backend: BackendChoice): RunSettings {
  return { ...settings, corpus, backend: backend === 'auto' ? undefined : backend };
}

const initialBackend = (): BackendChoice => backendFromUrl(window.location.search) ?? 'auto';

export function App() {
  const { view, configure, send, dismiss, fail } = useTraining();
  const [settings, setSettings] = useState<EditableSettings>(DEFAULT_SETTINGS);
  const [backend, setBackend] = useState<BackendChoice>(initialBackend);
  // Every text asked for, by the name the worker reports; the active one is the one the run uses, so a
  // refused upload leaves Reset and Apply on the text that works.
  const [sources, setSources] = useState<Record<string, CorpusSource>>({ 'moby-dick': { kind: 'builtin', id: 'moby-dick' } });
  const corpus: CorpusSource = sources[view.corpusName] ?? { kind: 'builtin', id: 'moby-dick' };
  const [tau, setTau] = useState(DEFAULT_SETTINGS.tau);
  const [mode, setMode] = useState<GateMode>('stochastic');

  const start = useCallback(
    (source: CorpusSource, s: EditableSettings, b: BackendChoice = backend) => {
      configure(runSettings(source, s, b));
      setTau(s.tau);
      setMode('stochastic');
    },
    [configure, backend],
  );

  // The first run, with the defaults (tau and mode already start at theirs).
  useEffect(() => configure(runSettings({ kind: 'builtin', id: 'moby-dick' }, DEFAULT_SETTINGS, initialBackend())), [configure]);

  useEffect(() => {
    // End-to-end tests drive faults (a backend failure) through this hook; it exists only when asked for.
    if (new URLSearchParams(window.location.search).has('test-hooks')) {
      (window as unknown as { gatelab: unknown }).gatelab = { send };
    }
  }, [send]);

  const upload = useCallback(
    async (file: File) => {
      const source: CorpusSource = { kind: 'upload', name: file.name, bytes: await file.arrayBuffer() };
      setSources((known) => ({ ...known, [file.name]: source }));
      start(source, settings);
    },
    [settings, start],
  );

  const running = view.status === 'running';
  return (
    // dropping a file anywhere on the page uploads it; the button does the same from the keyboard
    <div
      className="app"
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        const file = e.dataTransfer.files[0];
        if (file) void upload(file);
      }}
    >
      <header>
        <h1>Gate Lab</h1>
        <p className="tagline">
          G2-LSTM (Li et al., ICML 2018) and a plain LSTM, trained side by side in your browser on{' '}
          <strong>{view.corpusName || '…'}</strong>.
        </p>
        <StatusLine view={view} />
        {view.error && (
          <div className="alert" role="alert">
            {view.error}{' '}
            <button type="button" onClick={dismiss}>
              Dismiss
            </button>
          </div>
        )}
        {view.notice && !view.error && <p className="notice">{view.notice}</p>}
      </header>
      <Controls
        backend={backend}
        onBackend={(b) => {
          setBackend(b);
          start(corpus, settings, b);
        }}
        corpusId={corpus.kind === 'builtin' ? corpus.id : ''}
        uploadName={corpus.kind === 'upload' ? corpus.name : null}
        settings={settings}
        running={running}
        tau={tau}
        mode={mode}
        onCorpus={(id) => {
          if (id === 'upload') return;
          const source: CorpusSource = { kind: 'builtin', id };
          setSources((known) => ({ ...known, [id]: source }));
          start(source, settings);
        }}
        onUpload={(file) => void upload(file)}
        onSettings={setSettings}
        onApply={() => start(corpus, settings)}
        onTrainPause={() => send({ type: running ? 'pause' : 'start' })}
        onStep={() => send({ type: 'step' })}
        onReset={() => start(corpus, settings)}
        onTau={(t) => {
          setTau(t);
          send({ type: 'setTemperature', tau: t });
        }}
        onMode={(m) => {
          setMode(m);
          send({ type: 'setGateMode', mode: m });
        }}
        onExport={() => send({ type: 'exportWeights' })}
        onImport={(file) =>
          void file
            .arrayBuffer()
            .then((bytes) => send({ type: 'importWeights', bytes }, [bytes]))
            .catch(() => fail(`Could not read ${file.name}.`))
        }
      />
      <main className="panels">
        <LossPanel train={view.trainCurve} valid={view.validCurve} />
        <HistogramPanel statistics={view.statistics} />
        <SoftBinaryPanel gapCurve={view.gapCurve} validCurve={view.validCurve} statistics={view.statistics} />
        <GateTextPanel data={view.gatesOverText} />
        <CompressionPanel
          models={view.compression}
          onChoose={(choice) => send({ type: 'setCompression', specs: compressionSweep(settings.hidden, choice) })}
        />
        <SamplesPanel samples={view.samples} onSample={(request) => send({ type: 'sample', ...request })} />
      </main>
    </div>
  );
}
