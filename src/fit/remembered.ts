/**
 * The per-device choice as it is kept in the browser's storage (this device, this origin): the
 * timings it was made from, the choice, and the catalog it belongs to. Read defensively: storage
 * can hold anything (an older version, another tab's half-written value, a user's edit).
 */
import { isObject } from '../util/json.ts';
import { TIMED_BACKENDS, type Choice, type TimedBackend, type Timing } from './choose.ts';

export const FIT_STORAGE_KEY = 'roadgate:device-fit';
const VERSION = 1;

export interface RememberedFit {
  catalogKey: string;
  budgetMs: number;
  timings: Timing[];
  choice: Choice;
  /** When it was measured (ISO 8601). */
  at: string;
}

const isBackend = (v: unknown): v is TimedBackend => TIMED_BACKENDS.some((b) => b === v);
const isMs = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function parseTiming(v: unknown): Timing | null {
  if (!isObject(v) || typeof v.variant !== 'string' || !isBackend(v.backend)) return null;
  if (isMs(v.ms)) return { variant: v.variant, backend: v.backend, ms: v.ms };
  if (typeof v.error === 'string')
    return { variant: v.variant, backend: v.backend, error: v.error };
  return null;
}

function parseChoice(v: unknown): Choice | null {
  if (!isObject(v) || typeof v.variant !== 'string' || !isBackend(v.backend) || !isMs(v.ms)) {
    return null;
  }
  return { variant: v.variant, backend: v.backend, ms: v.ms, overBudget: v.overBudget === true };
}

/** The stored record when it is whole and of this version, else null (then the device is timed). */
export function parseRemembered(text: string | null): RememberedFit | null {
  if (text === null) return null;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(v) || v.version !== VERSION || typeof v.catalogKey !== 'string') return null;
  if (!isMs(v.budgetMs) || typeof v.at !== 'string' || !Array.isArray(v.timings)) return null;
  const timings = v.timings.map(parseTiming);
  const choice = parseChoice(v.choice);
  if (!choice || timings.some((t) => t === null)) return null;
  return {
    catalogKey: v.catalogKey,
    budgetMs: v.budgetMs,
    timings: timings as Timing[],
    choice,
    at: v.at,
  };
}

export const serializeRemembered = (fit: RememberedFit): string =>
  JSON.stringify({ version: VERSION, ...fit });

/** Where the record is kept: the page's `localStorage`, or a stand-in. */
export type FitStorage = Pick<Storage, 'getItem' | 'setItem'>;

/**
 * The record in `storage` when it belongs to the catalog (`key`, `catalogKey`) and budget in use;
 * null otherwise, or where storage is absent or blocked (a privacy setting).
 */
export function readRemembered(
  storage: FitStorage | null,
  key: string,
  budgetMs: number,
): RememberedFit | null {
  let fit: RememberedFit | null;
  try {
    fit = parseRemembered(storage?.getItem(FIT_STORAGE_KEY) ?? null);
  } catch {
    return null;
  }
  return fit?.catalogKey === key && fit.budgetMs === budgetMs ? fit : null;
}

/** Stores `fit`; false where it could not be (absent, full or blocked storage). */
export function keepRemembered(storage: FitStorage | null, fit: RememberedFit): boolean {
  try {
    storage?.setItem(FIT_STORAGE_KEY, serializeRemembered(fit));
    return storage !== null;
  } catch {
    return false;
  }
}
