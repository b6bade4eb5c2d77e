/** What the user reads when a model cannot be loaded: by kind of failure, naming the file. */
import type { WorkerError } from '../inference/client.ts';

/**
 * One sentence for a failed load of `variant`, saying what went wrong and what to do. `online`
 * is the browser's guess (navigator.onLine), used only to word a network failure.
 */
export function loadFailureMessage(variant: string, err: WorkerError, online: boolean): string {
  switch (err.code) {
    case 'model-network':
      return online
        ? `The model ${variant} could not be downloaded: ${err.message}. Check the connection, then press Retry.`
        : `You are offline and ${variant} was never saved for offline use: connect once to load it.`;
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
