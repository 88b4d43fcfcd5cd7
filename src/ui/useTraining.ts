import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { RunSettings, WorkerEvent } from '../worker/protocol';
import { applyEvent, initialRunView, type RunView } from './runState';
import { type ClientCommand, TrainingClient } from './trainingClient';

type Action =
  | { kind: 'event'; event: WorkerEvent }
  | { kind: 'error'; message: string }
  | { kind: 'dismiss' };

function reducer(view: RunView, action: Action): RunView {
  switch (action.kind) {
    case 'event':
      return applyEvent(view, action.event);
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

  useEffect(() => {
    const c = new TrainingClient({
      onEvent: (event) => {
        if (event.type === 'exported') for (const f of event.files) download(f.name, f.bytes);
        dispatch({ kind: 'event', event });
      },
      onRestart: (message) => dispatch({ kind: 'error', message }),
    });
    client.current = c;
    return () => c.dispose();
  }, []);

  const configure = useCallback((settings: RunSettings) => {
    dispatch({ kind: 'dismiss' });
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
