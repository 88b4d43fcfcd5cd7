/// <reference lib="webworker" />
import { BackendController } from './backends';
import { prepareCorpus } from './corpus';
import { TrainingEngine } from './engine';
import { backendThreads, loadBackend } from './loadBackend';
import type { WorkerCommand, WorkerEvent } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

// A MessageChannel turn is a macrotask without setTimeout's clamping: commands queued meanwhile run first.
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();

const engine = new TrainingEngine({
  emit: (event: WorkerEvent, transfer?: Transferable[]) => self.postMessage(event, transfer ?? []),
  backends: new BackendController(loadBackend, undefined, backendThreads),
  prepareCorpus,
  yieldToEvents: () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      channel.port2.postMessage(null);
    }),
  now: () => performance.now(),
});

// The end-to-end test build only: hooks Playwright evaluates in this worker (e2eHooks.ts).
if (import.meta.env.MODE === 'e2e') void import('./e2eHooks').then((hooks) => hooks.exposeE2EHooks(self));

self.onmessage = (message: MessageEvent<WorkerCommand>) => {
  void engine.handle(message.data);
};
