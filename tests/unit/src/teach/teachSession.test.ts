/**
 * TeachSession on fakes: a teach worker whose replies the test releases, and the part of the
 * controller it uses. Async faults: a second open, a close during training (the late reply
 * changes nothing), a check file that never comes, a head judged worse.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Roadgate } from '../../../../src/controller/roadgate.ts';
import type { TeachClient } from '../../../../src/inference/teachClient.ts';
import { encodeCheckSet } from '../../../../src/teach/checkSet.ts';
import type { PersonalModel } from '../../../../src/teach/personalFile.ts';
import { TeachSession } from '../../../../src/teach/teachSession.ts';
import { CATALOG } from '../controller/fakes.ts';

const BASE = CATALOG.variants[0]!;
const DIM = Math.round(1024 * BASE.width);

type Trained = Awaited<ReturnType<TeachClient['train']>>;

function fakeClient() {
  let release: (r: Trained) => void = () => undefined;
  let fail: (e: Error) => void = () => undefined;
  const client = {
    open: vi.fn(async () => ({
      type: 'opened',
      id: 1,
      variant: BASE.id,
      backend: 'wasm',
      features: DIM,
    })),
    add: vi.fn(async (_label: number, _bitmap: ImageBitmap) => ({
      type: 'counts',
      id: 1,
      counts: { road: 0, notRoad: 0 },
      featureMs: 5,
    })),
    clear: vi.fn(async () => ({ road: 0, notRoad: 0 })),
    train: vi.fn(
      (_progress: (f: number) => void, sets?: unknown) =>
        new Promise<Trained>((resolve, reject) => {
          client.lastSets = sets;
          release = resolve;
          fail = reject;
        }),
    ),
    terminate: vi.fn(() => fail(new Error('teach mode was closed'))),
    lastSets: undefined as unknown,
  };
  const trained = (heldBack: { shipped: number; personal: number }, check?: typeof heldBack) =>
    release({
      type: 'trained',
      id: 2,
      head: { kernel: new Float32Array(DIM * 2), bias: new Float32Array(2) },
      examples: { road: 8, notRoad: 8 },
      heldBack: { n: 4, ...heldBack },
      ...(check && { check: { n: 100, ...check } }),
      trainMs: 10,
    });
  return { client, trained };
}

function setUp(counts = { road: 10, notRoad: 10 }) {
  const { client, trained } = fakeClient();
  client.add.mockResolvedValue({ type: 'counts', id: 1, counts, featureMs: 5 });
  const saved: PersonalModel[] = [];
  let running = BASE.id;
  const roadgate = {
    getSnapshot: () => ({ catalog: CATALOG, variant: running }),
    personal: {
      find: () => undefined,
      save: vi.fn(async (m: PersonalModel) => void saved.push(m)),
    },
    fit: { getSnapshot: () => ({ result: null }) },
    setTeaching: vi.fn(),
    grabFrame: vi.fn((): Promise<ImageBitmap> | null => null),
    selectVariant: vi.fn(async (id: string) => void (running = id)),
  };
  const spawn = vi.fn(() => client as unknown as TeachClient);
  const session = new TeachSession(roadgate as unknown as Roadgate, spawn);
  return { session, client, trained, roadgate, spawn, saved };
}

/** Opens, and records one camera frame: the counts become what `setUp` said. */
async function withExamples({ session, client, roadgate }: ReturnType<typeof setUp>) {
  await session.open();
  roadgate.grabFrame.mockReturnValueOnce(
    Promise.resolve({ close: () => undefined } as ImageBitmap),
  );
  session.startRecording(0);
  await vi.waitFor(() => expect(client.add).toHaveBeenCalled());
  session.stopRecording();
  await vi.waitFor(() => expect(session.getSnapshot().counts.road).toBeGreaterThan(0));
}

/**
 * Examples, then Train: resolves once the worker was asked to train, with the training (boxed: an
 * async function returning a promise would wait for it).
 */
async function startTraining(t: ReturnType<typeof setUp>): Promise<{ training: Promise<void> }> {
  await withExamples(t);
  const training = t.session.train('my car');
  await vi.waitFor(() => expect(t.client.train).toHaveBeenCalled());
  return { training };
}

const checkFile = () =>
  encodeCheckSet(
    {
      variant: BASE.id,
      x: new Float32Array(2 * DIM),
      y: Int32Array.from([0, 1]),
      rows: 2,
      dim: DIM,
    },
    'test',
  );

beforeEach(() => {
  vi.stubGlobal('location', { href: 'https://app.example/' });
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(checkFile())),
  );
});
afterEach(() => vi.unstubAllGlobals());

describe('TeachSession', () => {
  it('opens once on the running variant, with the gate told to leave the camera on', async () => {
    const { session, client, spawn, roadgate } = setUp();
    await Promise.all([session.open(), session.open()]);
    expect(spawn).toHaveBeenCalledTimes(1);
    expect(client.open).toHaveBeenCalledWith(
      expect.stringContaining(`${BASE.id}/model.json`),
      BASE.id,
      BASE.inputSize,
      ['webgl', 'wasm', 'cpu'],
    );
    expect(roadgate.setTeaching).toHaveBeenLastCalledWith(true);
    expect(session.getSnapshot()).toMatchObject({ phase: 'ready', base: BASE.id });
    session.close();
    expect(roadgate.setTeaching).toHaveBeenLastCalledWith(false);
    expect(client.terminate).toHaveBeenCalled();
  });

  it('refuses to train with too few examples, in one line, without asking the worker', async () => {
    const t = setUp({ road: 2, notRoad: 5 });
    const { session, client } = t;
    await withExamples(t);
    await session.train('my car');
    expect(client.train).not.toHaveBeenCalled();
    expect(session.getSnapshot()).toMatchObject({
      phase: 'error',
      error: 'Add 1 more road (at least 3 examples of each).',
    });
  });

  it('trains with the check and anchor sets, keeps the model and puts it in use when it is not worse', async () => {
    const t = setUp();
    const { session, client, trained, roadgate, saved } = t;
    const { training } = await startTraining(t);
    // Both sets go with the training: check.json to score on, anchor.json to rehearse.
    expect(client.lastSets).toMatchObject({
      check: { rows: 2, dim: DIM },
      anchor: { rows: 2, dim: DIM },
    });
    trained({ shipped: 0.75, personal: 1 }, { shipped: 0.97, personal: 0.96 });
    await training;
    expect(saved.map((m) => [m.name, m.base, m.check?.personal])).toEqual([
      ['my car', BASE.id, 0.96],
    ]);
    expect(session.getSnapshot().result).toMatchObject({
      inUse: true,
      judgement: { worseCheck: true },
    });
    expect(roadgate.selectVariant).toHaveBeenCalledWith('personal:my car');
  });

  it('a switch that fails leaves the result not in use', async () => {
    const t = setUp();
    const { session, trained, roadgate } = t;
    roadgate.selectVariant.mockImplementation(async () => undefined);
    const { training } = await startTraining(t);
    trained({ shipped: 0.5, personal: 1 });
    await training;
    expect(roadgate.selectVariant).toHaveBeenCalledWith('personal:my car');
    expect(session.getSnapshot().result).toMatchObject({ inUse: false, judgement: { use: true } });
  });

  it('keeps a head judged worse but does not use it until asked', async () => {
    const t = setUp();
    const { session, trained, roadgate, saved } = t;
    const { training } = await startTraining(t);
    trained({ shipped: 1, personal: 0.75 });
    await training;
    expect(saved).toHaveLength(1);
    expect(session.getSnapshot()).toMatchObject({ phase: 'done', result: { inUse: false } });
    expect(roadgate.selectVariant).not.toHaveBeenCalled();
    await session.useResult();
    expect(roadgate.selectVariant).toHaveBeenCalledWith('personal:my car');
  });

  it('feature files that cannot be read are said, and training goes on without them', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('nope', { status: 404 })),
    );
    const t = setUp();
    const { session, client, trained } = t;
    const { training } = await startTraining(t);
    expect(session.getSnapshot().check).toMatchObject({
      state: 'none',
      why: /check\.json of .*: HTTP 404; anchor\.json of .*: HTTP 404/,
    });
    expect(client.lastSets).toEqual({});
    trained({ shipped: 0.5, personal: 1 });
    await training;
    expect(session.getSnapshot().result?.check).toBeUndefined();
  });

  it('closed during a training: the worker goes, nothing is kept or selected, the state is closed', async () => {
    const t = setUp();
    const { session, roadgate, saved } = t;
    const { training } = await startTraining(t);
    session.close();
    await training;
    expect(saved).toEqual([]);
    expect(roadgate.selectVariant).not.toHaveBeenCalled();
    expect(session.getSnapshot().phase).toBe('closed');
  });

  it('recording stops by itself when the camera gives no frame (off, hidden), and never resumes', async () => {
    vi.useFakeTimers();
    try {
      const t = setUp();
      const { session, client, roadgate } = t;
      await session.open();
      session.startRecording(1);
      expect(roadgate.grabFrame).toHaveBeenCalledWith(BASE.inputSize);
      expect(session.getSnapshot().recording).toBeNull();
      // The camera comes back: nothing is recorded without a new press.
      roadgate.grabFrame.mockReturnValue(
        Promise.resolve({ close: () => undefined } as ImageBitmap),
      );
      await vi.advanceTimersByTimeAsync(2_000);
      expect(roadgate.grabFrame).toHaveBeenCalledTimes(1);
      expect(client.add).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });

  it('two picks read one after the other; closing mid-read stops reading and adds nothing more', async () => {
    const t = setUp();
    const { session, client } = t;
    await session.open();
    const order: string[] = [];
    const frame = { close: vi.fn() } as unknown as ImageBitmap;
    vi.stubGlobal(
      'createImageBitmap',
      // Called with the picked file (decode), then with the decoded image (the square crop).
      vi.fn(async (source: unknown) => {
        if (!(source instanceof File)) return frame;
        order.push(source.name);
        if (source.name === 'bad.jpg') throw new Error('broken');
        return { width: 8, height: 8, close: () => undefined };
      }),
    );
    const files = (...names: string[]) =>
      names.map((n) => new File(['x'], n, { type: 'image/jpeg' }));
    await Promise.all([
      session.addFiles(0, files('a.jpg', 'bad.jpg')),
      session.addFiles(1, files('b.jpg', 'c.jpg')),
    ]);
    expect(order).toEqual(['a.jpg', 'bad.jpg', 'b.jpg', 'c.jpg']);
    expect(client.add.mock.calls.map((c) => c[0])).toEqual([0, 1, 1]);
    expect(session.getSnapshot().skipped).toEqual(['bad.jpg: not an image this browser can read']);
    const later = session.addFiles(0, files('d.jpg'));
    session.close();
    await later;
    expect(client.add).toHaveBeenCalledTimes(3);
  });
});
