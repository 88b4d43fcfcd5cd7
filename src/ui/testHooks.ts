import type { WorkerEvent } from '../worker/protocol';
import type { ClientCommand } from './trainingClient';

/**
 * What end-to-end tests read and drive, on `window.gatelab`, in the test build only and when the address
 * holds `test-hooks`: `send` a command, and every temperature the worker evaluated.
 */
export const testRecord: { send?: (command: ClientCommand) => void; temperatures: { step: number; tau: number }[] } = {
  temperatures: [],
};

export function exposeTestHooks(send: (command: ClientCommand) => void): void {
  (window as unknown as { gatelab?: typeof testRecord }).gatelab = Object.assign(testRecord, { send });
}

export function recordForTests(event: WorkerEvent): void {
  if (event.type === 'temperature') testRecord.temperatures.push({ step: event.step, tau: event.tau });
}
