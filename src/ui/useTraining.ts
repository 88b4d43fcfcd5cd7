import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { RunSettings, WorkerEvent } from '../worker/protocol';
import { applyEvent, initialRunView, type RunView } from './runState';
import { type ClientCommand, TrainingClient } from './trainingClient';

type Action =
  | { kind: 'event'; event: WorkerEvent }
  | { kind: 'reset' }
  | { kind: 'error'; message: string }
  | { kind: 'dismiss' };

function reducer(view: RunView, action: Action): RunView {
  switch (action.kind) {
    case 'event':
      return applyEvent(view, action.event);
    case 'reset':
      return { ...initialRunView };
    case 'error':
      return { ...view, error: action.message };
    case 'dismiss':
      return { ...view, error: null, notice: null };
  }
}

function download(name: string, bytes: ArrayBuffer): void {
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The page's one connection to the worker: the run's view, and the commands it can send. */
export function useTraining() {
  const [view, dispatch] = useReducer(reducer, initialRunView);
  const client = useRef<TrainingClient | null>(null);
  const lastSettings = useRef<RunSettings | null>(null);

  useEffect(() => {
    const c = new TrainingClient({
      onEvent: (event) => {
        if (event.type === 'exported') for (const f of event.files) download(f.name, f.bytes);
        dispatch({ kind: 'event', event });
      },
      onRestart: (reason) => {
        dispatch({
          kind: 'error',
          message: `The training worker stopped (${reason}). It was restarted; press Train to go on from the settings you had.`,
        });
        if (lastSettings.current) c.configure(lastSettings.current);
      },
    });
    client.current = c;
    return () => c.dispose();
  }, []);

  const configure = useCallback((settings: RunSettings) => {
    lastSettings.current = settings;
    dispatch({ kind: 'reset' });
    client.current?.configure(settings);
  }, []);
  const send = useCallback(
    (command: ClientCommand, transfer?: Transferable[]) => client.current?.send(command, transfer),
    [],
  );
  const dismiss = useCallback(() => dispatch({ kind: 'dismiss' }), []);
  const fail = useCallback((message: string) => dispatch({ kind: 'error', message }), []);
  return { view, configure, send, dismiss, fail };
}
