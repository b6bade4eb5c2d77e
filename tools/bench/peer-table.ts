/** The peer comparison's arithmetic and table: pure functions, unit-tested. */
import type { PeerRun } from '../harness/api.ts';
import { median } from '../../src/util/stats.ts';
import type { PeerModel } from './peers.ts';

/** One Roadgate engine against the peer, timed in alternating rounds of the same run. */
export interface Pairing {
  roadgateMs: number;
  peerMs: number;
  roadgateError: string | null;
  peer: PeerRun;
}

export interface PeerResult {
  model: PeerModel;
  int8: Pairing;
  wasm: Pairing;
}

export function pairing(run: PeerRun, missing: string | null): Pairing {
  return {
    roadgateMs: median(run.ours.latencies),
    peerMs: median(run.latencies),
    roadgateError: missing ?? run.ours.error,
    peer: run,
  };
}

const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–');

/** "ours ms / theirs ms = ratio", or why one side could not run. */
export function cell(p: Pairing): string {
  if (p.peer.error) return `– (${p.peer.peer} could not run it: ${p.peer.error.split('\n')[0]})`;
  if (p.roadgateError) return `– (Roadgate could not run it: ${p.roadgateError.split('\n')[0]})`;
  return `${ms(p.roadgateMs)} / ${ms(p.peerMs)} = **${(p.roadgateMs / p.peerMs).toFixed(2)}**`;
}

export function peerTable(results: PeerResult[]): string {
  const lines = results.map(
    (r) => `| ${r.model.name} | ${r.model.variant} | ${cell(r.int8)} | ${cell(r.wasm)} |`,
  );
  return [
    'Same backbone weights, same browser, same run, alternating rounds: Roadgate in its worker vs MediaPipe Tasks (CPU) on the page',
    '',
    '| .tflite file | Roadgate variant | int8: Roadgate ms / MediaPipe ms = ratio | TF.js WASM: Roadgate ms / MediaPipe ms = ratio |',
    '| --- | --- | --- | --- |',
    ...lines,
  ].join('\n');
}
