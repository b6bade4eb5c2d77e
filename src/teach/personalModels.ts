/**
 * The personal models on this device, as the UI sees them: the list (from IndexedDB), the one in
 * use, saving, removing, importing a file and exporting one. A `personal:<name>` id resolves to
 * its base variant and its head, which is what the inference worker loads.
 */
import { Store } from '../controller/store.ts';
import type { Catalog, CatalogEntry } from '../models/catalog.ts';
import type { Head } from '../inference/teachProtocol.ts';
import { featureLength } from '../models/variants.ts';
import { errorMessage } from '../util/errors.ts';
import {
  nameProblem,
  parsePersonal,
  personalName,
  serializePersonal,
  type PersonalModel,
} from './personalFile.ts';
import type { PersonalStore } from './personalStore.ts';

export interface PersonalSnapshot {
  /** Oldest first. */
  models: readonly PersonalModel[];
  /** The list has been read (or could not be). */
  ready: boolean;
  /** The last import or removal that failed, in one line (a failed save throws). */
  error: string | null;
  /** What the last import should make the user aware of (made on another build of its base). */
  warning: string | null;
}

export class PersonalModels extends Store<PersonalSnapshot> {
  private readonly loaded: Promise<void>;

  constructor(private readonly store: PersonalStore) {
    super({ models: [], ready: false, error: null, warning: null });
    this.loaded = store.list().then(
      (models) => this.set({ models, ready: true }),
      (err: unknown) => this.set({ ready: true, error: errorMessage(err) }),
    );
  }

  /** Resolves once the list has been read. */
  whenReady(): Promise<void> {
    return this.loaded;
  }

  find(name: string): PersonalModel | undefined {
    return this.snap.models.find((m) => m.name === name);
  }

  /** The personal model to start on: the one in use last, if it is still kept. */
  active(): string | null {
    const name = this.store.active();
    return name !== null && this.find(name) ? name : null;
  }

  /** Remembers which model is in use (`null`: a shipped variant). */
  use(id: string): void {
    this.store.setActive(personalName(id));
  }

  /**
   * What the worker loads for `id`: the base variant's entry and, for a personal model, its
   * head. Null for an id that is neither.
   */
  resolve(id: string, catalog: Catalog): { entry: CatalogEntry; head?: Head } | null {
    const name = personalName(id);
    if (name === null) {
      const entry = catalog.variants.find((v) => v.id === id);
      return entry ? { entry } : null;
    }
    const model = this.find(name);
    const entry = model && catalog.variants.find((v) => v.id === model.base);
    return model && entry ? { entry, head: { kernel: model.kernel, bias: model.bias } } : null;
  }

  /** A name not yet taken: `wanted`, else `wanted 2`, `wanted 3`… */
  freeName(wanted: string): string {
    const taken = new Set(this.snap.models.map((m) => m.name));
    if (!taken.has(wanted)) return wanted;
    for (let i = 2; ; i++) {
      // Shortened so the number still fits the 40-character rule.
      const name = `${wanted.slice(0, 40 - ` ${i}`.length).trimEnd()} ${i}`;
      if (!taken.has(name)) return name;
    }
  }

  /** Keeps `model` (replacing one of the same name). Throws the storage's error in one line. */
  async save(model: PersonalModel): Promise<void> {
    const problem = nameProblem(model.name);
    if (problem) throw new Error(problem);
    await this.store.put(model);
    const models = [...this.snap.models.filter((m) => m.name !== model.name), model];
    this.set({ models, error: null });
  }

  async remove(name: string): Promise<void> {
    try {
      await this.store.remove(name);
      if (this.store.active() === name) this.store.setActive(null);
      this.set({ models: this.snap.models.filter((m) => m.name !== name), error: null });
    } catch (err) {
      this.set({ error: `Could not delete ${name}: ${errorMessage(err)}` });
    }
  }

  /**
   * Reads an exported file and keeps it, under a free name. Refuses, in one line, a file that is
   * not a personal model, or one made for a variant (or a feature length) this app does not ship.
   */
  async import(text: string, fileName: string, catalog: Catalog): Promise<PersonalModel | null> {
    try {
      const model = parsePersonal(text, fileName);
      const base = catalog.variants.find((v) => v.id === model.base);
      if (!base)
        throw new Error(`${fileName}: made for ${model.base}, which this app does not ship`);
      const features = model.kernel.length / 2;
      if (features !== featureLength(base.width)) {
        throw new Error(
          `${fileName}: ${features} features, but ${model.base} gives ${featureLength(base.width)}`,
        );
      }
      const kept = { ...model, name: this.freeName(model.name) };
      await this.save(kept);
      // Retraining the shipped heads changes the revision without touching the backbone, so a
      // head from another build is kept; whether its features moved, only its accuracy can say.
      const other = model.baseRevision && base.revision && model.baseRevision !== base.revision;
      this.set({
        warning: other
          ? `${kept.name} was made on another build of ${model.base}: check it on a few frames before you drive with it`
          : null,
      });
      return kept;
    } catch (err) {
      this.set({ error: errorMessage(err), warning: null });
      return null;
    }
  }

  /** The exported file's text for `name`. */
  exportText(name: string): string | null {
    const model = this.find(name);
    return model ? serializePersonal(model) : null;
  }
}
