/**
 * Personal models on this device: IndexedDB (kept offline, across reloads and app updates; the
 * service worker's cache clean-up never touches it), through `idb`, the small promise wrapper
 * the field uses. Which one is in use is remembered in localStorage, read at start-up.
 */
import { openDB, type IDBPDatabase } from 'idb';
import type { PersonalModel } from './personalFile.ts';

const DB_NAME = 'roadgate';
const DB_VERSION = 1;
const STORE = 'personal-models';
/** The name of the personal model in use, or absent for a shipped variant. */
export const ACTIVE_KEY = 'roadgate:personal-model';

export interface PersonalStore {
  list(): Promise<PersonalModel[]>;
  put(model: PersonalModel): Promise<void>;
  remove(name: string): Promise<void>;
  active(): string | null;
  setActive(name: string | null): void;
}

let db: Promise<IDBPDatabase> | null = null;
const open = (): Promise<IDBPDatabase> =>
  (db ??= openDB(DB_NAME, DB_VERSION, {
    upgrade(d) {
      d.createObjectStore(STORE, { keyPath: 'name' });
    },
  }).catch((err: unknown) => {
    db = null; // A later call tries again (private mode, a blocked upgrade).
    throw new Error(`this browser's storage cannot keep personal models (${String(err)})`);
  }));

/** The browser's IndexedDB and localStorage. */
export const browserPersonalStore = (): PersonalStore => ({
  list: async () => {
    const all = (await (await open()).getAll(STORE)) as PersonalModel[];
    return all.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  },
  put: async (model) => {
    await (await open()).put(STORE, model);
  },
  remove: async (name) => {
    await (await open()).delete(STORE, name);
  },
  active: () => {
    try {
      return localStorage.getItem(ACTIVE_KEY);
    } catch {
      return null;
    }
  },
  setActive: (name) => {
    try {
      if (name === null) localStorage.removeItem(ACTIVE_KEY);
      else localStorage.setItem(ACTIVE_KEY, name);
    } catch {
      // No storage: the choice holds for this launch only.
    }
  },
});
