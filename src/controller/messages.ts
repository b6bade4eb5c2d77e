/** What the user reads about the model: a failed load by kind of failure, naming the file; an engine change. */
import type { WorkerError } from '../inference/client.ts';
import type { BackendInfo } from '../inference/protocol.ts';

/**
 * One sentence for a failed load of `variant`, saying what went wrong and what to do. `saved`:
 * the variant's files are in this device's caches at the catalog's revision (a fact from Cache
 * Storage, unlike `navigator.onLine`, which is true on a Wi-Fi with no internet).
 */
export function loadFailureMessage(variant: string, err: WorkerError, saved: boolean): string {
  switch (err.code) {
    case 'model-network':
      return saved
        ? `The model ${variant} could not be loaded: ${err.message}. Press Retry.`
        : `The model ${variant} is not saved on this device and could not be downloaded (${err.message}): connect to the internet to load it, or choose a saved model.`;
    case 'model-damaged':
      return `The model ${variant} cannot be used: ${err.message}. Pick another model; if it keeps happening, clear this site's data and reload.`;
    case 'no-backend':
      return `No way to run the model works in this browser (${err.message}). Try another browser, then press Retry.`;
    case 'crashed':
      return `The classifier stopped while loading ${variant} (${err.message}). Press Retry.`;
    default:
      return `The model ${variant} could not be loaded (${err.message}). Press Retry.`;
  }
}

/** The notice for an engine change the worker made on its own (`before`: the engine till now). */
export function backendNotice(
  before: BackendInfo | null,
  info: BackendInfo,
  reason: string,
): string {
  return info.backend !== before?.backend
    ? `Switched to ${info.backend}: ${reason}.`
    : `Still on ${info.backend}: ${reason}.`;
}

/** Notices of a worker restart: under way, done, and refused (it died again too soon). */
export const restartMessages = {
  underWay: (reason: string) => `The classifier stopped (${reason}); restarting it…`,
  done: (reason: string) => `The classifier stopped (${reason}) and was restarted.`,
  again: (reason: string) =>
    `The classifier stopped again (${reason}). Press Retry to start it afresh.`,
};

/** A failed switch: what went wrong, and that the model in use goes on. */
export const keepsRunning = (message: string, running: string | null): string =>
  `${message} ${running ?? 'The current model'} keeps running.`;
