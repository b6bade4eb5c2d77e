import { describe, expect, it } from 'vitest';
import { personalStart } from '../../../../src/controller/personalStart.ts';
import { featureLength } from '../../../../src/models/variants.ts';
import type { PersonalModel } from '../../../../src/teach/personalFile.ts';
import { PersonalModels } from '../../../../src/teach/personalModels.ts';
import type { PersonalStore } from '../../../../src/teach/personalStore.ts';
import { A, B, CATALOG } from './fakes.ts';

const model = (name: string, base: string): PersonalModel => ({
  name,
  base,
  kernel: new Float32Array(featureLength(0.25) * 2),
  bias: new Float32Array(2),
  createdAt: '2026-12-01T10:00:00.000Z',
  examples: { road: 10, notRoad: 10 },
  heldBack: { n: 4, shipped: 0.5, personal: 1 },
});

/** Kept on this device: `my car` on A, and `old` on a variant the catalog no longer ships. */
async function personalModels(active: string | null): Promise<PersonalModels> {
  const models = [model('my car', A), model('old', 'mobilenet_v1_1.0_224')];
  const store: PersonalStore = {
    list: () => Promise.resolve(models),
    put: () => Promise.resolve(),
    remove: () => Promise.resolve(),
    active: () => active,
    setActive: () => undefined,
  };
  const personal = new PersonalModels(store);
  await personal.whenReady();
  return personal;
}

describe('personalStart', () => {
  it('starts on a personal model the URL names, when it is kept here', async () => {
    expect(personalStart('personal:my car', await personalModels(null), CATALOG)).toEqual({
      id: 'personal:my car',
      wanted: null,
      notice: null,
    });
  });

  it('prefers the personal model the URL names over the one in use last', async () => {
    const personal = await personalModels('old');
    expect(personalStart('personal:my car', personal, CATALOG).id).toBe('personal:my car');
  });

  it('says so, and starts as usual, when the named personal model is not kept here', async () => {
    expect(personalStart('personal:your car', await personalModels('my car'), CATALOG)).toEqual({
      id: null,
      wanted: null,
      notice: 'There is no personal model “your car” on this device: a shipped model runs instead.',
    });
  });

  it('starts as usual, with a notice, when the named model’s base no longer ships', async () => {
    expect(personalStart('personal:old', await personalModels(null), CATALOG)).toMatchObject({
      id: null,
      wanted: null,
      notice: expect.stringContaining('“old”') as unknown,
    });
  });

  it('passes a shipped variant the URL names through, whatever was in use last', async () => {
    expect(personalStart(B, await personalModels('my car'), CATALOG)).toEqual({
      id: null,
      wanted: B,
      notice: null,
    });
  });

  it('with no variant asked for, starts on the personal model in use last', async () => {
    expect(personalStart(null, await personalModels('my car'), CATALOG)).toEqual({
      id: 'personal:my car',
      wanted: null,
      notice: null,
    });
  });

  it('with no variant asked for, starts as usual and quietly when nothing usable was in use', async () => {
    const usual = { id: null, wanted: null, notice: null };
    // A shipped variant was in use; the model in use was deleted; its base no longer ships.
    expect(personalStart(null, await personalModels(null), CATALOG)).toEqual(usual);
    expect(personalStart(null, await personalModels('deleted'), CATALOG)).toEqual(usual);
    expect(personalStart(null, await personalModels('old'), CATALOG)).toEqual(usual);
  });
});
