import type { RunSettings, WorkerCommand, WorkerEvent } from '../worker/protocol';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type ClientCommand = DistributiveOmit<WorkerCommand, 'runId'>;

export interface TrainingClientOptions {
  onEvent: (event: WorkerEvent) => void;
  /** The worker died (crash or out of memory) and was restarted; the run must be configured again. */
  onRestart: (reason: string) => void;
  createWorker?: () => Worker;
}

const defaultWorker = () =>
  new Worker(new URL('../worker/training.worker.ts', import.meta.url), { type: 'module' });

/**
 * The page's handle on the training worker: stamps every command with the current run id, drops
 * events of stale runs, and restarts a worker that dies.
 */
export class TrainingClient {
  private worker: Worker;
  private runId = 0;

  constructor(private readonly options: TrainingClientOptions) {
    this.worker = this.spawn();
  }

  private spawn(): Worker {
    const worker = (this.options.createWorker ?? defaultWorker)();
    worker.onmessage = (message: MessageEvent<WorkerEvent>) => {
      if (message.data.runId === this.runId) this.options.onEvent(message.data);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      this.restart(event.message || 'the training worker stopped');
    };
    return worker;
  }

  private restart(reason: string): void {
    this.worker.terminate();
    this.worker = this.spawn();
    this.runId++;
    this.options.onRestart(reason);
  }

  /** Starts a new run: every event of earlier runs is ignored from now on. */
  configure(settings: RunSettings): number {
    this.runId++;
    this.post({ type: 'configure', settings });
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
