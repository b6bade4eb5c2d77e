import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../../../src/models/catalog.ts';
import { featureLength } from '../../../../src/models/variants.ts';
import {
  NAME_RULE,
  parsePersonal,
  serializePersonal,
  type PersonalModel,
} from '../../../../src/teach/personalFile.ts';
import { PersonalModels } from '../../../../src/teach/personalModels.ts';
import type { PersonalStore } from '../../../../src/teach/personalStore.ts';
import { A, B, entry } from '../models/fixtures.ts';

const REVISION_A = '0123456789abcdef';
const CATALOG: Catalog = {
  default: A,
  variants: [{ ...entry(A, 128, 0.25), revision: REVISION_A }, entry(B, 160, 0.5)],
};
const FILE = 'my-car.json';

/** A head of the right length for `base`'s width: featureLength(width) × 2 values. */
function model(over: Partial<PersonalModel> = {}): PersonalModel {
  const base = over.base ?? A;
  const width = CATALOG.variants.find((v) => v.id === base)?.width ?? 0.25;
  return {
    name: 'my car',
    base,
    baseRevision: REVISION_A,
    kernel: Float32Array.from({ length: featureLength(width) * 2 }, (_, i) => i / 100),
    bias: Float32Array.from([0.5, -0.5]),
    createdAt: '2026-12-01T10:00:00.000Z',
    examples: { road: 24, notRoad: 20 },
    heldBack: { n: 11, shipped: 0.7, personal: 0.9 },
    ...over,
  };
}

/** An in-memory PersonalStore that logs what it is asked and can be told to fail. */
class MemoryStore implements PersonalStore {
  models = new Map<string, PersonalModel>();
  activeName: string | null = null;
  failList: Error | null = null;
  failPut: Error | null = null;
  failRemove: Error | null = null;
  puts: string[] = [];
  removes: string[] = [];

  constructor(models: PersonalModel[] = [], active: string | null = null) {
    models.forEach((m) => this.models.set(m.name, m));
    this.activeName = active;
  }

  list = (): Promise<PersonalModel[]> =>
    this.failList ? Promise.reject(this.failList) : Promise.resolve([...this.models.values()]);

  put = (m: PersonalModel): Promise<void> => {
    if (this.failPut) return Promise.reject(this.failPut);
    this.puts.push(m.name);
    this.models.set(m.name, m);
    return Promise.resolve();
  };

  remove = (name: string): Promise<void> => {
    if (this.failRemove) return Promise.reject(this.failRemove);
    this.removes.push(name);
    this.models.delete(name);
    return Promise.resolve();
  };

  active = (): string | null => this.activeName;

  setActive = (name: string | null): void => {
    this.activeName = name;
  };
}

async function ready(
  models: PersonalModel[] = [],
  active: string | null = null,
): Promise<{ personal: PersonalModels; store: MemoryStore }> {
  const store = new MemoryStore(models, active);
  const personal = new PersonalModels(store);
  await personal.whenReady();
  return { personal, store };
}

const names = (p: PersonalModels): string[] => p.getSnapshot().models.map((m) => m.name);

describe('PersonalModels', () => {
  describe('the list', () => {
    it('is empty and not ready until the store has been read', async () => {
      const store = new MemoryStore([model()]);
      const personal = new PersonalModels(store);
      expect(personal.getSnapshot()).toEqual({
        models: [],
        ready: false,
        error: null,
        warning: null,
      });
      let heard = 0;
      personal.subscribe(() => heard++);
      await personal.whenReady();
      expect(personal.getSnapshot()).toMatchObject({ ready: true, error: null });
      expect(names(personal)).toEqual(['my car']);
      expect(heard).toBe(1);
    });

    it('is ready with the storage error, in one line, when it cannot be read', async () => {
      const store = new MemoryStore([model()]);
      store.failList = new Error("this browser's storage cannot keep personal models (x)");
      const personal = new PersonalModels(store);
      await personal.whenReady();
      expect(personal.getSnapshot()).toEqual({
        models: [],
        ready: true,
        error: "this browser's storage cannot keep personal models (x)",
        warning: null,
      });
    });
  });

  describe('resolve', () => {
    it("gives a shipped variant's entry and no head", async () => {
      const { personal } = await ready([model()]);
      expect(personal.resolve(B, CATALOG)).toEqual({ entry: CATALOG.variants[1] });
    });

    it("gives a personal model's base entry and its head", async () => {
      const kept = model({ name: 'wet road', base: B });
      const { personal } = await ready([model(), kept]);
      const r = personal.resolve('personal:wet road', CATALOG);
      expect(r?.entry).toBe(CATALOG.variants[1]);
      expect(r?.head?.kernel).toBe(kept.kernel);
      expect(r?.head?.bias).toBe(kept.bias);
    });

    it('gives null for an unknown id, an unknown name, or a base no longer shipped', async () => {
      const gone = model({ name: 'old', base: 'mobilenet_v1_1.0_224' });
      const { personal } = await ready([model(), gone]);
      expect(personal.resolve('mobilenet_v1_0.75_192', CATALOG)).toBeNull();
      expect(personal.resolve('personal:someone else', CATALOG)).toBeNull();
      expect(personal.resolve('personal:old', CATALOG)).toBeNull();
      expect(personal.resolve('my car', CATALOG)).toBeNull();
    });
  });

  describe('freeName', () => {
    it('gives the name itself when free, else the first free numbered one', async () => {
      const { personal } = await ready([
        model({ name: 'car' }),
        model({ name: 'car 2' }),
        model({ name: 'car 4' }),
      ]);
      expect(personal.freeName('bike')).toBe('bike');
      expect(personal.freeName('car')).toBe('car 3');
      expect(personal.freeName('car 2')).toBe('car 2 2');
    });
  });

  describe('save', () => {
    it('keeps a model in the store and at the end of the list', async () => {
      const { personal, store } = await ready([model({ name: 'first' })]);
      await personal.save(model({ name: 'second' }));
      expect(store.puts).toEqual(['second']);
      expect(names(personal)).toEqual(['first', 'second']);
      expect(personal.find('second')?.base).toBe(A);
    });

    it('replaces a model of the same name instead of listing it twice', async () => {
      const { personal } = await ready([model({ name: 'a' }), model({ name: 'b' })]);
      await personal.save(model({ name: 'a', base: B }));
      expect(names(personal)).toEqual(['b', 'a']);
      expect(personal.find('a')?.base).toBe(B);
    });

    it.each(['', ' car', 'car ', 'x'.repeat(41), '<script>', 'a/b'])(
      'refuses the name %j without touching the store',
      async (name) => {
        const { personal, store } = await ready();
        await expect(personal.save(model({ name }))).rejects.toThrow(`a name is ${NAME_RULE}`);
        expect(store.puts).toEqual([]);
        expect(names(personal)).toEqual([]);
      },
    );

    it("throws the storage's error and lists nothing new", async () => {
      const { personal, store } = await ready();
      store.failPut = new Error('quota exceeded');
      await expect(personal.save(model())).rejects.toThrow('quota exceeded');
      expect(names(personal)).toEqual([]);
    });

    it('clears an earlier error once a save succeeds', async () => {
      const { personal, store } = await ready([model({ name: 'a' })]);
      store.failRemove = new Error('busy');
      await personal.remove('a');
      expect(personal.getSnapshot().error).toBe('Could not delete a: busy');
      await personal.save(model({ name: 'b' }));
      expect(personal.getSnapshot().error).toBeNull();
    });
  });

  describe('remove', () => {
    it('drops the model from the store and the list', async () => {
      const { personal, store } = await ready([model({ name: 'a' }), model({ name: 'b' })]);
      await personal.remove('a');
      expect(store.removes).toEqual(['a']);
      expect(names(personal)).toEqual(['b']);
    });

    it('clears the model in use when it is the one removed, and only then', async () => {
      const { personal, store } = await ready([model({ name: 'a' }), model({ name: 'b' })], 'b');
      await personal.remove('a');
      expect(store.activeName).toBe('b');
      await personal.remove('b');
      expect(store.activeName).toBeNull();
      expect(personal.active()).toBeNull();
    });

    it('keeps the model and says why in one line when the store fails', async () => {
      const { personal, store } = await ready([model({ name: 'a' })], 'a');
      store.failRemove = new Error('the database is closed');
      await personal.remove('a');
      expect(personal.getSnapshot().error).toBe('Could not delete a: the database is closed');
      expect(names(personal)).toEqual(['a']);
      expect(store.activeName).toBe('a');
    });
  });

  describe('active and use', () => {
    it('gives the remembered name only while that model is kept', async () => {
      expect((await ready([model({ name: 'a' })], 'a')).personal.active()).toBe('a');
      expect((await ready([model({ name: 'a' })], 'gone')).personal.active()).toBeNull();
      expect((await ready([model({ name: 'a' })], null)).personal.active()).toBeNull();
    });

    it('remembers a personal id by its name, and a shipped id as none', async () => {
      const { personal, store } = await ready([model({ name: 'my car' })]);
      personal.use('personal:my car');
      expect(store.activeName).toBe('my car');
      expect(personal.active()).toBe('my car');
      personal.use(B);
      expect(store.activeName).toBeNull();
    });
  });

  describe('import', () => {
    it('keeps a valid file as it was exported', async () => {
      const { personal, store } = await ready();
      const kept = await personal.import(serializePersonal(model()), FILE, CATALOG);
      expect(kept?.name).toBe('my car');
      expect(store.puts).toEqual(['my car']);
      expect(names(personal)).toEqual(['my car']);
      expect(Array.from(personal.find('my car')?.kernel ?? [])).toEqual(Array.from(model().kernel));
      expect(personal.getSnapshot()).toMatchObject({ error: null, warning: null });
    });

    it('keeps a file whose name is taken under a free name, leaving the other as it was', async () => {
      const mine = model({ createdAt: '2026-11-01T00:00:00.000Z' });
      const { personal } = await ready([mine, model({ name: 'my car 2' })]);
      const kept = await personal.import(serializePersonal(model()), FILE, CATALOG);
      expect(kept?.name).toBe('my car 3');
      expect(names(personal)).toEqual(['my car', 'my car 2', 'my car 3']);
      expect(personal.find('my car')).toBe(mine);
    });

    it('refuses a file that is not a personal model, in one line', async () => {
      const { personal, store } = await ready();
      expect(await personal.import('{"format":"something-else"}', FILE, CATALOG)).toBeNull();
      const { error } = personal.getSnapshot();
      expect(error).toMatch(/^my-car\.json: not a Roadgate personal model/);
      expect(error).not.toContain('\n');
      expect(await personal.import('not json', FILE, CATALOG)).toBeNull();
      expect(personal.getSnapshot().error).toBe(
        'my-car.json: not a Roadgate personal model (not JSON)',
      );
      expect(store.puts).toEqual([]);
      expect(names(personal)).toEqual([]);
    });

    it('refuses a file made for a variant this app does not ship', async () => {
      const { personal, store } = await ready();
      const text = serializePersonal(model({ base: 'mobilenet_v1_1.0_224' }));
      expect(await personal.import(text, FILE, CATALOG)).toBeNull();
      expect(personal.getSnapshot().error).toBe(
        'my-car.json: made for mobilenet_v1_1.0_224, which this app does not ship',
      );
      expect(store.puts).toEqual([]);
    });

    it("refuses a head whose feature length is not its base's", async () => {
      const { personal, store } = await ready();
      // 0.5's 512 features, labelled as made for 0.25 (256).
      const text = serializePersonal(
        model({ kernel: new Float32Array(featureLength(0.5) * 2), base: A }),
      );
      expect(parsePersonal(text, FILE).kernel).toHaveLength(1024);
      expect(await personal.import(text, FILE, CATALOG)).toBeNull();
      expect(personal.getSnapshot().error).toBe(`my-car.json: 512 features, but ${A} gives 256`);
      expect(store.puts).toEqual([]);
    });

    it('warns when the file was made on another build of its base, and keeps it', async () => {
      const { personal } = await ready();
      const text = serializePersonal(model({ baseRevision: 'fedcba9876543210' }));
      const kept = await personal.import(text, FILE, CATALOG);
      expect(kept?.name).toBe('my car');
      expect(personal.getSnapshot()).toMatchObject({
        error: null,
        warning: `my car was made on another build of ${A}: check it on a few frames before you drive with it`,
      });
    });

    it('names the kept (renamed) model in the warning', async () => {
      const { personal } = await ready([model()]);
      await personal.import(
        serializePersonal(model({ baseRevision: 'fedcba9876543210' })),
        FILE,
        CATALOG,
      );
      expect(personal.getSnapshot().warning).toMatch(/^my car 2 was made on another build/);
    });

    it('does not warn when either side has no revision, or they agree', async () => {
      const { personal } = await ready();
      await personal.import(serializePersonal(model()), FILE, CATALOG);
      expect(personal.getSnapshot().warning).toBeNull();
      await personal.import(serializePersonal(model({ baseRevision: undefined })), FILE, CATALOG);
      expect(personal.getSnapshot().warning).toBeNull();
      // B has no revision in this catalog (the dev server's).
      await personal.import(
        serializePersonal(model({ base: B, baseRevision: 'fedcba9876543210' })),
        FILE,
        CATALOG,
      );
      expect(personal.getSnapshot().warning).toBeNull();
      expect(names(personal)).toEqual(['my car', 'my car 2', 'my car 3']);
    });

    it("a later import's warning replaces an earlier one, and a clean import clears it", async () => {
      const { personal } = await ready();
      await personal.import(
        serializePersonal(model({ baseRevision: 'fedcba9876543210' })),
        FILE,
        CATALOG,
      );
      expect(personal.getSnapshot().warning).not.toBeNull();
      await personal.import(serializePersonal(model()), FILE, CATALOG);
      expect(personal.getSnapshot().warning).toBeNull();
    });

    it('clears an earlier import error once an import succeeds', async () => {
      const { personal } = await ready();
      await personal.import('not json', FILE, CATALOG);
      expect(personal.getSnapshot().error).not.toBeNull();
      await personal.import(serializePersonal(model()), FILE, CATALOG);
      expect(personal.getSnapshot().error).toBeNull();
    });

    it("reports the storage's error when the file cannot be kept", async () => {
      const { personal, store } = await ready();
      store.failPut = new Error('quota exceeded');
      expect(await personal.import(serializePersonal(model()), FILE, CATALOG)).toBeNull();
      expect(personal.getSnapshot().error).toBe('quota exceeded');
      expect(names(personal)).toEqual([]);
    });
  });

  describe('exportText', () => {
    it("is the kept model's file, which imports back as the same model", async () => {
      const original = model({ name: 'wet road', base: B, baseRevision: undefined });
      const { personal } = await ready([original]);
      const text = personal.exportText('wet road');
      expect(text).toBe(serializePersonal(original));
      const other = await ready();
      const back = await other.personal.import(text ?? '', FILE, CATALOG);
      expect(back).toEqual(original);
    });

    it('is null for a name that is not kept', async () => {
      const { personal } = await ready([model()]);
      expect(personal.exportText('someone else')).toBeNull();
    });
  });
});
