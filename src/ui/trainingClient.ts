import type { RememberedTimings, RunSnapshot, WorkerCommand, WorkerEvent } from '../worker/protocol';
import type { RunSettings } from '../contract/runSettings';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type ClientCommand = DistributiveOmit<WorkerCommand, 'runId'>;

/** The parts of a Worker the client uses (a test passes a fake). */
export type WorkerLike = Pick<Worker, 'postMessage' | 'terminate'> & {
  onmessage: ((event: MessageEvent<WorkerEvent>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
};

export interface TrainingClientOptions {
  onEvent: (event: WorkerEvent) => void;
  /** The worker died and a new one took over the run from the last checkpoint it had sent. */
  onRestart: (message: string) => void;
  createWorker?: () => WorkerLike;
}

const defaultWorker = (): WorkerLike =>
  new Worker(new URL('../worker/training.worker.ts', import.meta.url), { type: 'module' }) as WorkerLike;

/**
 * The page's handle on the training worker: stamps every command with the newest run id, drops events of
 * stale runs, and, if the worker dies, starts a new one on the same settings with the weights of the last
 * checkpoint the old one sent. A run asked for becomes the run on screen only when the worker says it is
 * ready; until then (and if it is refused) the run before it goes on.
 */
export class TrainingClient {
  private worker: WorkerLike;
  /** The newest run asked for; commands go to it. */
  private runId = 0;
  /** The run the worker accepted last (the one on screen), and its settings. */
  private acceptedId = 0;
  private settings: RunSettings | null = null;
  private pending: RunSettings | null = null;
  private lastId = 0;
  private checkpoint: Extract<WorkerEvent, { type: 'checkpoint' }> | null = null;

  constructor(private readonly options: TrainingClientOptions) {
    this.worker = this.spawn();
  }

  private spawn(): WorkerLike {
    const worker = (this.options.createWorker ?? defaultWorker)();
    worker.onmessage = (message) => {
      const event = message.data;
      if (event.runId !== this.runId && event.runId !== this.acceptedId) return;
      if (event.type === 'ready' && event.runId === this.runId) {
        this.acceptedId = event.runId;
        this.settings = this.pending;
        this.checkpoint = null;
      }
      // The worker kept the run before it: commands go to that one again.
      if (event.type === 'refused' && event.runId === this.runId) this.runId = this.acceptedId;
      if (event.type === 'checkpoint') this.checkpoint = event;
      this.options.onEvent(event);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      this.restart(event.message || 'it stopped');
    };
    return worker;
  }

  private restart(reason: string): void {
    this.worker.terminate();
    this.worker = this.spawn();
    const checkpoint = this.checkpoint;
    // A run still on its way is the one to start again; else the one on screen.
    const settings = this.runId === this.acceptedId ? this.settings : this.pending;
    if (!settings) return this.options.onRestart(`The training worker stopped (${reason}) and was restarted.`);
    this.configure(settings);
    for (const file of checkpoint?.files ?? []) {
      const bytes = file.bytes.slice(0);
      this.send({ type: 'importWeights', model: file.model, bytes }, [bytes]);
    }
    this.checkpoint = checkpoint;
    this.options.onRestart(
      checkpoint
        ? `The training worker stopped (${reason}). A new one took over with the weights of step ${checkpoint.step}; press Train to go on.`
        : `The training worker stopped (${reason}) before its first checkpoint. A new one started the run again.`,
    );
  }

  /** Starts a new run, or resumes a saved one: every event of earlier runs is ignored from now on. */
  configure(settings: RunSettings, resume?: RunSnapshot, remembered?: RememberedTimings): number {
    this.runId = ++this.lastId;
    this.pending = settings;
    // The worker takes ownership of uploaded bytes; keep our own copy for a restart.
    const sent: RunSettings =
      settings.corpus.kind === 'upload' ? { ...settings, corpus: { ...settings.corpus, bytes: settings.corpus.bytes.slice(0) } } : settings;
    this.post({ type: 'configure', settings: sent, resume, remembered });
    return this.runId;
  }

  send(command: ClientCommand, transfer: Transferable[] = []): void {
    this.post(command, transfer);
  }

  private post(command: ClientCommand, transfer: Transferable[] = []): void {
    this.worker.postMessage({ ...command, runId: this.runId } as WorkerCommand, transfer);
  }

  dispose(): void {
    this.worker.terminate();
  }
}
