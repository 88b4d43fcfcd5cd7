import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { compressionSweep } from '../model/compression';
import type { GateMode } from '../model/types';
import type { BackendName, CorpusSource, RunSettings } from '../worker/protocol';
import { modelList } from './colors';
import { Controls } from './Controls';
import { CompressionPanel } from './panels/CompressionPanel';
import { ConstantGatesPanel } from './panels/ConstantGatesPanel';
import { GateTextPanel } from './panels/GateTextPanel';
import { HistogramPanel } from './panels/HistogramPanel';
import { LossPanel } from './panels/LossPanel';
import { JointGatesPanel } from './panels/JointGatesPanel';
import { PanelTabs } from './panels/PanelTabs';
import { RecallPanel } from './panels/RecallPanel';
import { SamplesPanel } from './panels/SamplesPanel';
import { SoftBinaryPanel } from './panels/SoftBinaryPanel';
import { StatusLine } from './StatusLine';
import { type ActiveRun, activeRunId, defaultRunName, newRunId, rememberActiveRun } from './persistence/activeRun';
import { RunStore } from './persistence/runStore';
import type { SavedRun } from './persistence/savedRun';
import { SavedRunsDialog } from './SavedRunsDialog';
import { backendFromUrl, DEFAULT_SETTINGS, type EditableSettings } from './settings';
import { linkProblemMessage, linkQuery, parseLink } from './shareLink';
import { useAutosave } from './useAutosave';
import { type SnapshotEvent, useTraining } from './useTraining';
import { messageOf } from '../messageOf';

type BackendChoice = BackendName | 'auto';

function runSettings(corpus: CorpusSource, settings: EditableSettings, backend: BackendChoice): RunSettings {
  return { ...settings, corpus, backend: backend === 'auto' ? undefined : backend };
}

const initialBackend = (): BackendChoice => backendFromUrl(window.location.search) ?? 'auto';
const corpusLabel = (source: CorpusSource) => (source.kind === 'builtin' ? source.id : source.name);
const editable = ({ corpus: _corpus, backend: _backend, ...rest }: RunSettings): EditableSettings => rest;

export function App() {
  const snapshotSink = useRef<(event: SnapshotEvent) => void>(() => {});
  const onSnapshot = useCallback((event: SnapshotEvent) => snapshotSink.current(event), []);
  const { view, configure, send, dismiss, fail, tell } = useTraining(onSnapshot);
  const store = useMemo(() => new RunStore(), []);
  const [active, setActive] = useState<ActiveRun | null>(null);
  const [showSaved, setShowSaved] = useState(false);
  const autosave = useAutosave(view, active, store, send, fail);
  useEffect(() => {
    snapshotSink.current = autosave.onSnapshot;
  }, [autosave.onSnapshot]);
  const [settings, setSettings] = useState<EditableSettings>(DEFAULT_SETTINGS);
  const [backend, setBackend] = useState<BackendChoice>(initialBackend);
  // Every text asked for (start() records it), by the name the worker reports; the active one is the one
  // the run uses, so a refused upload leaves Reset and Apply on the text that works.
  const [sources, setSources] = useState<Record<string, CorpusSource>>({ 'moby-dick': { kind: 'builtin', id: 'moby-dick' } });
  const corpus: CorpusSource = useMemo(() => sources[view.corpusName] ?? { kind: 'builtin', id: 'moby-dick' }, [sources, view.corpusName]);
  const [tau, setTau] = useState(DEFAULT_SETTINGS.tau);
  const [mode, setMode] = useState<GateMode>('stochastic');

  const start = useCallback(
    (source: CorpusSource, s: EditableSettings, b: BackendChoice = backend) => {
      const full = runSettings(source, s, b);
      configure(full);
      setSources((known) => ({ ...known, [corpusLabel(source)]: source }));
      const id = newRunId();
      setActive({ id, name: defaultRunName(full, corpusLabel(source), new Date()), settings: full });
      rememberActiveRun(id);
      setTau(s.tau);
      setMode('stochastic');
    },
    [configure, backend],
  );

  /** Reopens a saved run where it was; a forced backend in the address wins over the saved one. */
  const resume = useCallback(
    (run: SavedRun) => {
      const forced = backendFromUrl(window.location.search);
      const full: RunSettings = forced ? { ...run.settings, backend: forced } : run.settings;
      configure(full, { snapshot: run.snapshot, curves: run.curves, notice: `Reopened “${run.name}” at step ${run.step}.` });
      setActive({ id: run.id, name: run.name, settings: run.settings });
      rememberActiveRun(run.id);
      setSettings(editable(run.settings));
      setBackend(full.backend ?? 'auto');
      setSources((known) => ({ ...known, [corpusLabel(run.settings.corpus)]: run.settings.corpus }));
      setTau(run.snapshot.tau);
      setMode(run.snapshot.mode);
    },
    [configure],
  );

  const openSaved = useCallback(async (id: string) => resume(await store.load(id)), [store, resume]);

  // The first run: a shared link's settings, else the run on screen before the reload, else the defaults.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const link = parseLink(window.location.search);
    const fresh = () => start({ kind: 'builtin', id: 'moby-dick' }, DEFAULT_SETTINGS, initialBackend());
    void (async () => {
      if (link.state) {
        const { settings: s, corpusId, backend: b } = link.state;
        setSettings(s);
        setBackend(b);
        start({ kind: 'builtin', id: corpusId }, s, b);
      } else {
        const id = activeRunId();
        const known = id ? await store.list().then((runs) => runs.some((r) => r.id === id), () => false) : false;
        if (id && known) {
          await openSaved(id).catch((error: unknown) => {
            fresh();
            fail(messageOf(error));
          });
        } else fresh();
      }
      if (link.problems.length) fail(linkProblemMessage(link.problems));
    })();
  }, [start, store, openSaved, fail]);

  const copyLink = useCallback(() => {
    const corpusId = corpus.kind === 'builtin' ? corpus.id : 'moby-dick';
    const url = `${window.location.origin}${window.location.pathname}${linkQuery({ settings, corpusId, backend })}`;
    const upload = corpus.kind === 'upload' ? ' An uploaded text cannot travel in a link: it opens on Moby-Dick.' : '';
    // The clipboard may be refused (permissions, insecure origin): the link is shown either way.
    const written = navigator.clipboard ? navigator.clipboard.writeText(url) : Promise.reject(new Error('no clipboard'));
    written.then(
      () => tell(`Link copied: ${url}${upload}`),
      () => tell(`Copy this link: ${url}${upload}`),
    );
  }, [corpus, settings, backend, tell]);

  useEffect(() => {
    // End-to-end tests drive faults (a backend failure) through this hook; it exists only when asked for.
    if (new URLSearchParams(window.location.search).has('test-hooks')) {
      (window as unknown as { gatelab: unknown }).gatelab = { send };
    }
  }, [send]);

  const upload = useCallback(
    async (file: File) => {
      const source: CorpusSource = { kind: 'upload', name: file.name, bytes: await file.arrayBuffer() };
      start(source, settings);
    },
    [settings, start],
  );

  const running = view.status === 'running';
  const copying = corpus.kind === 'builtin' && corpus.id === 'copying';
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
          {modelList(view.models)}, trained side by side in your browser on <strong>{view.corpusName || '…'}</strong>. G2-LSTM:
          Li et al., ICML 2018.
        </p>
        <StatusLine view={view} savedStep={autosave.savedStep} />
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
        canTrain={view.status !== 'inspecting'}
        tau={tau}
        mode={mode}
        onCorpus={(id) => {
          if (id === 'upload') return;
          start({ kind: 'builtin', id }, settings);
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
        onSavedRuns={() => setShowSaved(true)}
        onCopyLink={copyLink}
        onImport={(file) =>
          void file
            .arrayBuffer()
            .then((bytes) => send({ type: 'importWeights', bytes, fileName: file.name }, [bytes]))
            .catch(() => fail(`Could not read ${file.name}.`))
        }
      />
      <main className="panels" data-corpus={view.corpusName} data-step={view.step}>
        <PanelTabs
          // The copying task is about recall: choosing it opens that tab (remounting the pair).
          key={copying ? 'copying' : 'text'}
          label="Loss and recall"
          initial={copying ? 'recall' : 'loss'}
          tabs={[
            { id: 'loss', label: 'Loss', render: () => <LossPanel train={view.trainCurve} valid={view.validCurve} /> },
            { id: 'recall', label: 'Recall', render: () => <RecallPanel recall={view.recall} /> },
          ]}
        />
        <PanelTabs
          label="Gate distributions"
          tabs={[
            { id: 'histograms', label: 'Histograms', render: () => <HistogramPanel statistics={view.statistics} /> },
            { id: 'joint-gates', label: 'Input × forget', render: () => <JointGatesPanel statistics={view.statistics} /> },
          ]}
        />
        <PanelTabs
          label="Gate views"
          tabs={[
            {
              id: 'soft-binary',
              label: 'Soft vs binarized',
              render: () => <SoftBinaryPanel gapCurve={view.gapCurve} validCurve={view.validCurve} statistics={view.statistics} />,
            },
            {
              id: 'constant-gates',
              label: 'Constant gates',
              render: () => (
                <ConstantGatesPanel data={view.constantGates} onThreshold={(threshold) => send({ type: 'setConstantThreshold', threshold })} />
              ),
            },
          ]}
        />
        <GateTextPanel data={view.gatesOverText} />
        <CompressionPanel
          models={view.compression}
          onChoose={(choice) => send({ type: 'setCompression', specs: compressionSweep(settings.hidden, choice) })}
        />
        <SamplesPanel samples={view.samples} onSample={(request) => send({ type: 'sample', ...request })} />
      </main>
      <SavedRunsDialog
        store={store}
        open={showSaved}
        activeId={active?.id ?? null}
        onClose={() => setShowSaved(false)}
        onOpen={async (id) => {
          await openSaved(id);
          setShowSaved(false);
        }}
      />
    </div>
  );
}
