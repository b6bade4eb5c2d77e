/// <reference lib="webworker" />
/**
 * The inference worker: one model at a time on the first engine that works (engines.ts).
 * Requests are handled in arrival order; a frame's bitmap is closed on every path.
 */
// First: the origin wall is up before any library below is evaluated.
import './originWall.ts';
import { assertNever, type WorkerReply, type WorkerRequest } from '../protocol.ts';
import { Engines } from './engines.ts';
import { errorMessage as message } from '../../util/errors.ts';
import { ModelFileError } from './modelFile.ts';
import { SerialQueue } from './queue.ts';

declare const self: DedicatedWorkerGlobalScope;

const reply = (msg: WorkerReply): void => self.postMessage(msg);
const report = (err: unknown) => console.error('Roadgate worker:', message(err));

/**
 * Frames and engine swaps run one at a time, in order, so a swap never lands inside a frame;
 * loads run one at a time beside them; a ping is answered at once, even during a long load (the
 * page's watchdog tells a busy worker from a dead one by it).
 */
const frames = new SerialQueue(report);
const loads = new SerialQueue(report);
/** Runs `task` between two frames; resolves when it has run. */
const between = (task: () => void | Promise<void>): Promise<void> => frames.run(task);

const engines = new Engines(reply, between);

/**
 * Loads a model beside the running one (frames go on meanwhile: a download can take seconds),
 * then swaps it in between two frames and frees what the old one held.
 */
async function load(req: Extract<WorkerRequest, { type: 'load' }>): Promise<void> {
  let result: Awaited<ReturnType<Engines['load']>>;
  try {
    result = await engines.load(req);
  } catch (err) {
    if (err instanceof ModelFileError) {
      const code = err.kind === 'network' ? 'model-network' : 'model-damaged';
      reply({ type: 'error', id: req.id, code, message: err.message, file: err.file });
    } else {
      reply({ type: 'error', id: req.id, code: 'no-backend', message: message(err) });
    }
    return;
  }
  await between(() => {
    engines.swapIn(result);
    const { loaded, backend } = result;
    reply({
      type: 'loaded',
      id: req.id,
      variant: req.variant,
      loadMs: loaded.loadMs,
      warmupMs: loaded.warmupMs,
      numTensors: engines.tensorCount(),
      ...backend,
    });
  });
}

async function classify(req: Extract<WorkerRequest, { type: 'classify' }>): Promise<void> {
  try {
    await engines.recoverIfContextLost(req.id);
    const { classifier, info } = engines;
    if (!classifier || !info) {
      reply({ type: 'error', id: req.id, code: 'not-loaded', message: 'no model is loaded' });
      return;
    }
    const t0 = performance.now();
    const scores = await classifier.classify(req.bitmap);
    reply({
      type: 'result',
      id: req.id,
      scores,
      ms: performance.now() - t0,
      backend: info.backend,
      numTensors: engines.tensorCount(),
      memoryBytes: classifier.memoryBytes(),
    });
    engines.frameClassified();
  } catch (err) {
    reply({ type: 'error', id: req.id, code: 'classify', message: message(err) });
  } finally {
    req.bitmap.close();
  }
}

async function handle(req: WorkerRequest): Promise<void> {
  switch (req.type) {
    case 'load':
      await load(req);
      return;
    case 'classify':
      await classify(req);
      return;
    case 'ping':
      reply({ type: 'pong', id: req.id });
      return;
    case 'stats':
      reply({
        type: 'stats',
        id: req.id,
        numTensors: engines.tensorCount(),
        backend: engines.info?.backend ?? null,
      });
      return;
    default:
      assertNever(req);
  }
}

self.onmessage = (e: MessageEvent<WorkerRequest>) => {
  const req = e.data;
  if (req.type === 'ping') void handle(req);
  else if (req.type === 'load') void loads.run(() => handle(req)).catch(() => undefined);
  else void between(() => handle(req)).catch(() => undefined);
};
