/** The URL parameters of DESIGN.md: `variant=<id>`, `backend=int8|webgl|wasm|cpu`, `dev`. */
import { BACKENDS, type Backend } from '../inference/protocol.ts';

export interface UrlParams {
  variant: string | null;
  backend: Backend | undefined;
  dev: boolean;
}

export function readParams(search: string): UrlParams {
  const q = new URLSearchParams(search);
  const backend = q.get('backend');
  return {
    variant: q.get('variant'),
    backend: BACKENDS.find((b) => b === backend),
    dev: q.has('dev'),
  };
}
