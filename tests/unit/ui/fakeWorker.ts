import type { WorkerLike } from '../../../src/ui/trainingClient';
import type { WorkerCommand, WorkerEvent } from '../../../src/worker/protocol';

/** A worker that records what it is sent and emits or crashes when told. */
export class FakeWorker implements WorkerLike {
  posted: WorkerCommand[] = [];
  terminated = false;
  onmessage: ((event: MessageEvent<WorkerEvent>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  postMessage(message: WorkerCommand): void {
    this.posted.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  emit(event: WorkerEvent): void {
    this.onmessage?.({ data: event } as MessageEvent<WorkerEvent>);
  }
  crash(message: string): void {
    this.onerror?.({ message, preventDefault: () => {} } as ErrorEvent);
  }
}
