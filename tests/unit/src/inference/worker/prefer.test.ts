/** A load that prefers the engine chosen for this device. */
import { describe, expect, it, vi } from 'vitest';
import type { BackendInfo, WorkerRequest } from '../../../../../src/inference/protocol.ts';
import { loadPreferring } from '../../../../../src/inference/worker/prefer.ts';

const REQ: LoadRequest & { prefer: 'webgl' } = {
  type: 'load',
  id: 1,
  modelUrl: 'https://app.example/models/v/model.json',
  tfliteUrl: 'https://app.example/models/v/model.tflite',
  variant: 'mobilenet_v1_0.5_224',
  inputSize: 224,
  prefer: 'webgl',
};

type LoadRequest = Extract<WorkerRequest, { type: 'load' }>;

const loaded = (backend: 'webgl' | 'int8'): { backend: BackendInfo } => ({
  backend: { backend, fallbacks: [], threads: false },
});

describe('loadPreferring', () => {
  it('loads on the preferred engine alone, saying why the integer engine was passed over', async () => {
    const load = vi.fn(async (r: LoadRequest) => loaded(r.backend === 'webgl' ? 'webgl' : 'int8'));
    const m = await loadPreferring(REQ, load);
    expect(load).toHaveBeenCalledTimes(1);
    expect(load.mock.calls[0]?.[0]).toMatchObject({ backend: 'webgl' });
    expect(load.mock.calls[0]?.[0]).not.toHaveProperty('prefer');
    expect(m.backend).toMatchObject({
      backend: 'webgl',
      fallbacks: [{ backend: 'int8', reason: expect.stringMatching(/chosen for this device/) }],
    });
    // No .tflite: the reason is that, not a choice.
    const noTflite = await loadPreferring({ ...REQ, tfliteUrl: undefined }, load);
    expect(noTflite.backend.fallbacks[0]?.reason).toMatch(/has no \.tflite file/);
  });

  it('falls back to the usual order when the preferred engine fails, saying why', async () => {
    const load = vi.fn(async (r: LoadRequest) => {
      if (r.backend === 'webgl') throw new Error('the WebGL context could not be created');
      return loaded('int8');
    });
    const m = await loadPreferring(REQ, load);
    expect(load.mock.calls[1]?.[0]).not.toHaveProperty('backend');
    expect(load.mock.calls[1]?.[0]).not.toHaveProperty('prefer');
    expect(m.backend).toMatchObject({
      backend: 'int8',
      fallbacks: [{ backend: 'webgl', reason: 'the WebGL context could not be created' }],
    });
  });
});
