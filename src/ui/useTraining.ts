import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { RunSettings } from '../contract/runSettings';
import type { RunSnapshot, WorkerEvent } from '../worker/protocol';
import { download } from './exports/saveFile';
import { weightsDownload } from './weightFiles';
import { rememberedTimings, rememberTimings } from './persistence/backendMemory';
import { applyEvent, initialRunView, type RunView } from './runState';
import { type ClientCommand, TrainingClient, type WorkerLike } from './trainingClient';

export type SnapshotEvent = Extract<WorkerEvent, { type: 'snapshot' }>;

/** A saved run to continue: its worker state, and the curves the page had drawn. */
export interface Resume {
  snapshot: RunSnapshot;
  curves: Pick<RunView, 'trainCurve' | 'validCurve' | 'gapCurve'>;
  notice: string;
}

type Action =
  | { kind: 'event'; event: WorkerEvent }
  | { kind: 'error'; message: string }
  | { kind: 'notice'; message: string }
  | { kind: 'resumed'; resume: Resume }
  | { kind: 'dismiss' }
  | { kind: 'close-notice' };

function reducer(view: RunView, action: Action): RunView {
  switch (action.kind) {
    case 'event':
      return applyEvent(view, action.event);
    case 'error':
      return { ...view, error: action.message };
    case 'notice':
      return { ...view, notice: action.message };
    case 'resumed':
      return { ...view, ...action.resume.curves, notice: action.resume.notice };
    case 'dismiss':
      return { ...view, error: null, notice: null };
    case 'close-notice':
      return { ...view, notice: null };
  }
}

interface RunRequest {
  settings: RunSettings;
  resume?: Resume;
  /** Called when the worker has the run ready: only then is it the run on screen. */
  onAccepted?: () => void;
}

/** Sends a run to a client; returns what waits for its 'ready'. */
function sendRun(client: TrainingClient, request: RunRequest): { runId: number; request: RunRequest } {
  // Without a forced backend, the backends measured on an earlier visit need not be measured again.
  const remembered = request.settings.backend ? undefined : rememberedTimings();
  return { runId: client.configure(request.settings, request.resume?.snapshot, remembered), request };
}

/**
 * The page's one connection to the worker: the run's view, and the commands it can send. Snapshots (large,
 * for autosave) go to `onSnapshot`, not into the view.
 */
export function useTraining(
  onSnapshot?: (event: SnapshotEvent) => void,
  createWorker?: () => WorkerLike,
  /** Sees every event of the run on screen first (the page's test hooks record some). */
  tap?: (event: WorkerEvent) => void,
) {
  const [view, dispatch] = useReducer(reducer, initialRunView);
  const client = useRef<TrainingClient | null>(null);
  const snapshotHandler = useRef(onSnapshot);
  const pending = useRef<{ runId: number; request: RunRequest } | null>(null);
  /** The run asked for last, for a client that comes after it was sent (see the effect below). */
  const lastRun = useRef<RunRequest | null>(null);
  useEffect(() => {
    snapshotHandler.current = onSnapshot;
  }, [onSnapshot]);

  useEffect(() => {
    const c = new TrainingClient({
      onEvent: (event) => {
        tap?.(event);
        if (event.type === 'ready' && event.timings && !event.remembered) rememberTimings({ key: event.probeKey, timings: event.timings });
        if (event.type === 'exported' && event.files.length) {
          // One download, however many models (browsers ask before a page saves several files at once).
          const file = weightsDownload(event.files);
          download(file.name, file.bytes);
        }
        if (event.type === 'snapshot') return snapshotHandler.current?.(event);
        const waiting = pending.current?.runId === event.runId ? pending.current : null;
        // Before 'ready', an error means the saved state was refused: the run starts afresh, without old curves.
        if (event.type === 'error' && waiting) waiting.request = { ...waiting.request, resume: undefined };
        if (event.type === 'refused' && waiting) pending.current = null;
        dispatch({ kind: 'event', event });
        if (event.type === 'ready' && waiting) {
          pending.current = null;
          // A resumed run's curves come back once its worker is ready ('ready' starts a clean view).
          if (waiting.request.resume) dispatch({ kind: 'resumed', resume: waiting.request.resume });
          waiting.request.onAccepted?.();
        }
      },
      onRestart: (message) => dispatch({ kind: 'error', message }),
      createWorker,
    });
    client.current = c;
    // React's StrictMode (development) mounts, unmounts and mounts again: the page's first run, asked for once,
    // went to the worker the unmount ended. It goes to this one.
    if (lastRun.current) pending.current = sendRun(c, lastRun.current);
    return () => {
      c.dispose();
      client.current = null;
    };
    // The worker factory is fixed for the page's life (a test passes a fake).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const configure = useCallback((settings: RunSettings, resume?: Resume, onAccepted?: () => void) => {
    dispatch({ kind: 'dismiss' });
    lastRun.current = { settings, resume, onAccepted };
    if (client.current) pending.current = sendRun(client.current, lastRun.current);
  }, []);
  const send = useCallback(
    (command: ClientCommand, transfer?: Transferable[]) => client.current?.send(command, transfer),
    [],
  );
  const dismiss = useCallback(() => dispatch({ kind: 'dismiss' }), []);
  const closeNotice = useCallback(() => dispatch({ kind: 'close-notice' }), []);
  const fail = useCallback((message: string) => dispatch({ kind: 'error', message }), []);
  const tell = useCallback((message: string) => dispatch({ kind: 'notice', message }), []);
  return { view, configure, send, dismiss, closeNotice, fail, tell };
}
