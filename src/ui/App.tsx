import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { livePaperCheck } from '../model/paperCheck';
import type { GateMode } from '../model/types';
import { type BackendName, type CorpusSource, DEFAULT_SETTINGS, type EditableSettings, type RunSettings, type TauChange } from '../contract/runSettings';
import { modelList } from '../contract/models';
import { Controls } from './Controls';
import { CompressionPanel } from './panels/CompressionPanel';
import { ConstantGatesPanel } from './panels/ConstantGatesPanel';
import { GateTextPanel } from './panels/GateTextPanel';
import { HistogramPanel } from './panels/HistogramPanel';
import { LossPanel } from './panels/LossPanel';
import { PaperCheckPanel } from './panels/PaperCheckPanel';
import { JointGatesPanel } from './panels/JointGatesPanel';
import { PanelTabs } from './panels/PanelTabs';
import { RecallPanel } from './panels/RecallPanel';
import { SamplesPanel } from './panels/SamplesPanel';
import { SoftBinaryPanel } from './panels/SoftBinaryPanel';
import { startHint, validationSlice } from './runState';
import { StatusLine } from './StatusLine';
import { type ActiveRun, activeRunId, defaultRunName, newRunId, rememberActiveRun } from './persistence/activeRun';
import { forgetTimings } from './persistence/backendMemory';
import { Notices, type NoticeItem } from './Notices';
import { FIRST_VISIT_NOTICE, startsOnItsOwn } from './persistence/firstVisit';
import { RunStore } from './persistence/runStore';
import type { SavedRun, SavedRunSummary } from './persistence/savedRun';
import { SavedRunsDialog } from './SavedRunsDialog';
import { backendFromUrl, settingsChanges } from './settings';
import { linkProblemMessage, linkQuery, parseLink } from './shareLink';
import { type ReplacedRun, useAutosave } from './useAutosave';
import { exposeTestHooks, recordForTests } from './testHooks';
import { type SnapshotEvent, useTraining } from './useTraining';
import { useCompressionChoice } from './useCompressionChoice';
import { pickProblemMessage, readWeightsPick } from './weightFiles';
import { messageOf } from '../messageOf';
import { tooLargeMessage } from '../data/textChecks';
import { cutValue } from '../contract/settingsTable';

type BackendChoice = BackendName | 'auto';

/** How long the Steps field waits for the next digit before the run's target changes. */
const TARGET_TYPING_MS = 500;
const MOBY: CorpusSource = { kind: 'builtin', id: 'moby-dick' };
const initialBackend = (): BackendChoice => backendFromUrl(window.location.search) ?? 'auto';
const corpusLabel = (source: CorpusSource) => (source.kind === 'builtin' ? source.id : source.name);
const editable = ({ corpus: _corpus, backend: _backend, tauSchedule: _schedule, ...rest }: RunSettings): EditableSettings => rest;
/** End-to-end hooks (testHooks.ts): only in the test build (`vite build --mode e2e`), and only when the address asks. */
const testHooks = () => import.meta.env.MODE === 'e2e' && new URLSearchParams(window.location.search).has('test-hooks');

/** Once a link's run is on screen, the address no longer holds it: a reload reopens this tab's run, not the link. */
function forgetLinkInAddress(): void {
  const kept = new URLSearchParams();
  const params = new URLSearchParams(window.location.search);
  for (const key of ['backend', 'test-hooks']) if (params.has(key)) kept.set(key, params.get(key) ?? '');
  const query = kept.size ? `?${kept}` : '';
  window.history.replaceState(window.history.state, '', `${window.location.pathname}${query}${window.location.hash}`);
}

export function App() {
  const snapshotSink = useRef<(event: SnapshotEvent) => void>(() => {});
  const onSnapshot = useCallback((event: SnapshotEvent) => snapshotSink.current(event), []);
  const { view, configure, send, dismiss, closeNotice, fail, tell } = useTraining(onSnapshot, undefined, testHooks() ? recordForTests : undefined);
  const store = useMemo(() => new RunStore(), []);
  // The run on screen: it changes only when the worker says the new one is ready.
  const [active, setActive] = useState<ActiveRun | null>(null);
  const [replaced, setReplaced] = useState<ReplacedRun | null>(null);
  // The newest saved run of the text switched to: offered beside the fresh run that replaced the old one.
  const [offered, setOffered] = useState<SavedRunSummary | null>(null);
  const [showSaved, setShowSaved] = useState(false);
  const autosave = useAutosave(view, active, store, send, fail, setReplaced);
  const { saveBeforeReplacing } = autosave;
  // What the fields show: edits not yet applied differ from the run on screen (`active.settings`).
  const [settings, setSettings] = useState<EditableSettings>(DEFAULT_SETTINGS);
  const [backend, setBackend] = useState<BackendChoice>(initialBackend);
  const running = active?.settings;
  const corpus: CorpusSource = running?.corpus ?? MOBY;
  // The slider's value while its newest τ is on its way; the worker's echo otherwise.
  const [tauAsked, setTauAsked] = useState<number | null>(null);
  if (tauAsked !== null && view.tau === tauAsked) setTauAsked(null);
  const tau = tauAsked ?? view.tau ?? settings.tau;
  const [mode, setMode] = useState<GateMode>('soft');
  // Held here, not in the panel: it is unmounted while another tab of its place is open.
  const compression = useCompressionChoice(view.compression, active?.id, running?.hidden ?? settings.hidden, (specs) =>
    send({ type: 'setCompression', specs }),
  );
  // The Steps field follows the run's target (Train at the target raises it).
  const [seenTarget, setSeenTarget] = useState(0);
  if (view.targetSteps !== seenTarget) {
    setSeenTarget(view.targetSteps);
    if (view.targetSteps > 0 && view.targetSteps !== settings.targetSteps) setSettings({ ...settings, targetSteps: view.targetSteps });
  }
  // A target typed digit by digit goes to the worker once the typing stops (a passing "2" would pause the run).
  const targetTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const sendTarget = useCallback(
    (targetSteps: number) => {
      clearTimeout(targetTimer.current);
      targetTimer.current = setTimeout(() => send({ type: 'setTargetSteps', targetSteps }), TARGET_TYPING_MS);
    },
    [send],
  );

  const start = useCallback(
    (
      source: CorpusSource,
      s: EditableSettings,
      b: BackendChoice = backend,
      options: { tauSchedule?: TauChange[]; fromLink?: boolean; trainAtOnce?: boolean; notice?: string } = {},
    ) => {
      const full: RunSettings = { ...s, corpus: source, backend: b === 'auto' ? undefined : b, tauSchedule: options.tauSchedule ?? [] };
      saveBeforeReplacing();
      configure(full, undefined, () => {
        const id = newRunId();
        setActive({ id, name: defaultRunName(full, corpusLabel(source), new Date()), settings: full });
        rememberActiveRun(id);
        setMode('soft');
        setTauAsked(null);
        if (options.fromLink) forgetLinkInAddress();
        if (options.trainAtOnce) send({ type: 'start' });
        if (options.notice) tell(options.notice);
      });
    },
    [configure, backend, saveBeforeReplacing, send, tell],
  );

  /** Reopens a saved run where it was; a forced backend in the address wins over the saved one. */
  const resume = useCallback(
    (run: SavedRun) => {
      const forced = backendFromUrl(window.location.search);
      const full: RunSettings = forced ? { ...run.settings, backend: forced } : run.settings;
      if (active?.id !== run.id) saveBeforeReplacing();
      const notice = `Reopened “${run.name}” at step ${run.step}.${run.adjusted ? ` ${run.adjusted}` : ''} Train to continue.`;
      configure(full, { snapshot: run.snapshot, curves: run.curves, notice }, () => {
        setActive({ id: run.id, name: run.name, settings: run.settings });
        rememberActiveRun(run.id);
        setSettings(editable(run.settings));
        setBackend(full.backend ?? 'auto');
        setMode(run.snapshot.mode);
        setTauAsked(null);
        setReplaced((r) => (r?.id === run.id ? null : r));
      });
    },
    [configure, active, saveBeforeReplacing],
  );

  const openSaved = useCallback(async (id: string) => resume(await store.load(id)), [store, resume]);
  /** A notice's Reopen: a saved run that cannot be read says why, and the run on screen stays. */
  const reopen = useCallback((id: string) => void openSaved(id).catch((error: unknown) => fail(messageOf(error))), [openSaved, fail]);

  /** Whether the run was training when Measure again was pressed: it trains on once measured. */
  const trainAfterMeasure = useRef(false);
  /**
   * Measure again: the remembered times are forgotten and the backends measured now. A run with steps goes
   * on from a snapshot taken for it (the new measurement may pick another backend); one at step 0 starts afresh.
   */
  const measureAgain = useCallback(() => {
    forgetTimings();
    if (!running) return;
    trainAfterMeasure.current = view.status === 'running';
    if (view.step === 0 || view.status === 'inspecting')
      start(running.corpus, editable(running), backend, { tauSchedule: [...view.tauSchedule], trainAtOnce: trainAfterMeasure.current });
    else send({ type: 'snapshot', reason: 'remeasure' });
  }, [running, view.step, view.status, view.tauSchedule, start, backend, send]);

  const { trainCurve, validCurve, gapCurve } = view;
  const saveSnapshot = autosave.onSnapshot;
  useEffect(() => {
    snapshotSink.current = (event) => {
      if (event.reason !== 'remeasure') return saveSnapshot(event);
      if (!running) return;
      const training = trainAfterMeasure.current;
      const notice = `The backends were measured again; the run goes on from step ${event.snapshot.step}.${training ? '' : ' Train to continue.'}`;
      configure(running, { snapshot: event.snapshot, curves: { trainCurve, validCurve, gapCurve }, notice }, () => {
        if (training) send({ type: 'start' });
      });
    };
  }, [saveSnapshot, running, configure, send, trainCurve, validCurve, gapCurve]);

  // The first run: a shared link's settings, else this tab's run before the reload (or the browser's most recent), else the defaults.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const link = parseLink(window.location.search);
    const fresh = (firstVisit = false) =>
      start(MOBY, DEFAULT_SETTINGS, initialBackend(), firstVisit ? { trainAtOnce: true, notice: FIRST_VISIT_NOTICE } : {});
    void (async () => {
      if (link.state) {
        const { settings: s, corpusId, backend: b, tauSchedule } = link.state;
        setSettings(s);
        setBackend(b);
        start({ kind: 'builtin', id: corpusId }, s, b, { tauSchedule, fromLink: true });
      } else {
        const id = activeRunId();
        const saved = await store.list().catch(() => null);
        if (id && saved?.some((r) => r.id === id)) {
          await openSaved(id).catch((error: unknown) => {
            fresh();
            fail(messageOf(error));
          });
        } else fresh(saved !== null && startsOnItsOwn(window.location.search, saved.length));
      }
      if (link.problems.length) fail(linkProblemMessage(link.problems));
    })();
  }, [start, store, openSaved, fail]);

  /** The link of the run on screen (never of unapplied edits), its τ changes included. */
  const copyLink = useCallback(() => {
    if (!running) return;
    const corpusId = running.corpus.kind === 'builtin' ? running.corpus.id : 'moby-dick';
    const query = linkQuery({ settings: editable(running), tauSchedule: view.tauSchedule, corpusId, backend: running.backend ?? 'auto' });
    const url = `${window.location.origin}${window.location.pathname}${query}`;
    const upload = running.corpus.kind === 'upload' ? ' An uploaded text cannot travel in a link: it opens on Moby-Dick.' : '';
    // The clipboard may be refused (permissions, insecure origin): the link is shown either way.
    const written = navigator.clipboard ? navigator.clipboard.writeText(url) : Promise.reject(new Error('no clipboard'));
    written.then(
      () => tell(`Link copied: ${url}${upload}`),
      () => tell(`Copy this link: ${url}${upload}`),
    );
  }, [running, view.tauSchedule, tell]);

  useEffect(() => {
    // End-to-end tests read what the worker evaluated through this hook: in the test build only, when asked for.
    if (testHooks()) exposeTestHooks(send);
  }, [send]);

  /** Offers the newest saved run (with steps) of the text switched to, beside the fresh run that starts on it. */
  const offerSavedRunOf = useCallback(
    (corpusName: string) => {
      setOffered(null);
      void store.list().then(
        (runs) => setOffered(runs.find((r) => r.corpusName === corpusName && r.step > 0) ?? null),
        () => setOffered(null),
      );
    },
    [store],
  );

  const upload = useCallback(
    async (file: File) => {
      // A file too large is refused from its size, at once, before reading it.
      const tooLarge = tooLargeMessage(file.size);
      if (tooLarge) return fail(`“${cutValue(file.name)}”: ${tooLarge} The current run goes on.`);
      const source: CorpusSource = { kind: 'upload', name: file.name, bytes: await file.arrayBuffer() };
      start(source, { ...settings, tau });
      offerSavedRunOf(file.name);
    },
    [settings, start, tau, fail, offerSavedRunOf],
  );

  const changes = running ? settingsChanges(settings, backend, running) : [];
  const training = view.status === 'running';
  const copying = corpus.kind === 'builtin' && corpus.id === 'copying';
  // The paper's claims judged on the live reports (a pure function of them; the panel only shows it).
  const paperCheck = useMemo(() => livePaperCheck(view.statistics?.models, view.compression, view.statistics?.mode), [view.statistics, view.compression]);
  const notices: NoticeItem[] = [];
  if (view.notice) notices.push({ key: 'run', text: view.notice, onClose: closeNotice });
  // Shown once another run is on screen: a refused run replaced nothing.
  if (replaced && replaced.id !== active?.id)
    notices.push({
      key: 'replaced',
      testId: 'replaced-run',
      text: `“${replaced.name}” was saved at step ${replaced.step} before the new run replaced it.`,
      action: { label: 'Reopen', onClick: () => reopen(replaced.id) },
      onClose: () => setReplaced(null),
    });
  if (offered && offered.id !== active?.id && offered.id !== replaced?.id && view.step === 0)
    notices.push({
      key: 'offered',
      testId: 'corpus-saved-run',
      text: `“${offered.name}” ${corpus.kind === 'upload' ? 'on a text of this name' : 'on this text'} was saved at step ${offered.step}.`,
      action: { label: 'Reopen', onClick: () => reopen(offered.id) },
      onClose: () => setOffered(null),
    });

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
        <StatusLine
          view={view}
          savedStep={autosave.savedStep}
          onMeasureAgain={measureAgain}
        />
        <Notices error={view.error} onDismissError={dismiss} notices={notices} />
      </header>
      <Controls
        backend={backend}
        onBackend={(b) => {
          setBackend(b);
          start(corpus, { ...settings, tau }, b);
        }}
        corpusId={corpus.kind === 'builtin' ? corpus.id : ''}
        uploadName={corpus.kind === 'upload' ? corpus.name : null}
        settings={settings}
        changes={changes}
        running={training}
        canTrain={view.status !== 'inspecting'}
        hint={startHint(view)}
        tau={tau}
        mode={mode}
        onCorpus={(id) => {
          if (id === 'upload') return;
          start({ kind: 'builtin', id }, { ...settings, tau });
          offerSavedRunOf(id);
        }}
        onUpload={(file) => void upload(file)}
        onSettings={(next) => {
          // The target is no restart: it applies at once.
          if (next.targetSteps !== settings.targetSteps) sendTarget(next.targetSteps);
          setSettings(next);
        }}
        onQuickCopy={(quick) => {
          setSettings(quick);
          start(corpus, { ...quick, tau });
        }}
        onApply={() => start(corpus, { ...settings, tau })}
        onTrainPause={() => send({ type: training ? 'pause' : 'start' })}
        onStep={() => send({ type: 'step' })}
        onReset={() => (running ? start(running.corpus, editable(running), running.backend ?? 'auto', { tauSchedule: [...(running.tauSchedule ?? [])] }) : undefined)}
        onTau={(t) => {
          setTauAsked(t);
          send({ type: 'setTemperature', tau: t });
        }}
        onMode={(m) => {
          setMode(m);
          send({ type: 'setGateMode', mode: m });
        }}
        onExport={() => send({ type: 'exportWeights' })}
        onSavedRuns={() => setShowSaved(true)}
        onCopyLink={copyLink}
        onImport={(files) =>
          void readWeightsPick(files).then(
            (pick) => {
              // One bad file and none loads: the run stays as it was.
              if (pick.problems.length) return fail(pickProblemMessage(pick));
              for (const { bytes, name, model } of pick.files) send({ type: 'importWeights', model, bytes, fileName: name }, [bytes]);
            },
            (error: unknown) => fail(`Could not read the files: ${messageOf(error)}. The run is unchanged.`),
          )
        }
      />
      <main className="panels" data-corpus={view.corpusName} data-step={view.step}>
        {/* Four places, two a row at 1280 px, so each chart has room; related panels share a place behind tabs. */}
        <PanelTabs
          // The copying task is about recall: choosing it opens that tab (remounting the group).
          key={copying ? 'copying' : 'text'}
          label="Training curves"
          initial={copying ? 'recall' : 'loss'}
          tabs={[
            { id: 'loss', label: 'Loss', render: () => <LossPanel train={view.trainCurve} valid={view.validCurve} tauSchedule={view.tauSchedule} validation={validationSlice(view)} /> },
            { id: 'recall', label: 'Recall', render: () => <RecallPanel recall={view.recall} /> },
            { id: 'paper-check', label: 'Paper check', render: () => <PaperCheckPanel check={paperCheck} /> },
            {
              id: 'soft-binary',
              label: 'Soft vs binarized',
              render: () => <SoftBinaryPanel gapCurve={view.gapCurve} validCurve={view.validCurve} statistics={view.statistics} />,
            },
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
          label="Gates and text"
          tabs={[
            { id: 'gate-text', label: 'Gates over text', render: () => <GateTextPanel data={view.gatesOverText} /> },
            {
              id: 'samples',
              label: 'Samples',
              render: () => <SamplesPanel samples={view.samples} step={view.step} onSample={(request) => send({ type: 'sample', ...request })} />,
            },
          ]}
        />
        <PanelTabs
          label="Compression"
          tabs={[
            {
              id: 'compression',
              label: 'Compression',
              render: () => (
                <CompressionPanel models={view.compression} choice={compression.choice} onChoose={compression.choose} />
              ),
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
        onRenamed={(id, name) => {
          // The run on screen saves under active.name: without this its next save put the old name back.
          setActive((a) => (a?.id === id ? { ...a, name } : a));
          setReplaced((r) => (r?.id === id ? { ...r, name } : r));
          setOffered((o) => (o?.id === id ? { ...o, name } : o));
        }}
        onDeleted={(id) => {
          // A deleted run is not offered again (Reopen would fail).
          setReplaced((r) => (r?.id === id ? null : r));
          setOffered((o) => (o?.id === id ? null : o));
        }}
      />
    </div>
  );
}
