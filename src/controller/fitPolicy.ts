/**
 * The per-device choice's decisions on the controller's side (ARCHITECTURE.md, Per-device
 * choice): when timing may run, what to start with, which engine a load prefers, and whether a new
 * choice is loaded. Pure.
 */
import type { Choice } from '../fit/choose.ts';
import type { Backend } from '../inference/protocol.ts';
import type { Catalog, CatalogEntry } from '../models/catalog.ts';
import { pickVariant } from '../models/fetchCatalog.ts';
import type { RoadgateOptions } from './devices.ts';
import type { Snapshot } from './snapshot.ts';

export type { Choice };

/**
 * Whether timing may run now: a model ready on its settled engine (no move to the integer engine
 * under way: its runtime download and start would skew the timings, or be fetched twice), the
 * camera off and not opening, the page seen. Pure.
 */
export function idleForTiming(
  snap: Pick<Snapshot, 'app' | 'camera' | 'opening' | 'switching' | 'catalog' | 'backend'>,
  hidden: boolean,
): boolean {
  return (
    (snap.app === 'ready' || snap.app === 'paused') &&
    snap.camera === 'off' &&
    !snap.opening &&
    snap.switching === null &&
    snap.catalog !== null &&
    snap.backend?.upgrading !== true &&
    !hidden
  );
}

/**
 * The model to start with, and the per-device choice in force: the URL's variant or the user's
 * pick (`wanted`), else the choice remembered for this device unless the URL names an engine
 * (`?backend=` runs the catalog's default on that engine), else the catalog's default. Pure.
 */
export function startingPoint(
  catalog: Catalog,
  wanted: string | null,
  remembered: Choice | undefined,
  options: Pick<RoadgateOptions, 'backend'>,
): { entry: CatalogEntry; notice: string | null; choice: Choice | undefined } {
  const choice = wanted === null && options.backend === undefined ? remembered : undefined;
  const { entry, notice } = pickVariant(catalog, wanted ?? choice?.variant ?? null);
  return { entry, notice, choice: entry.id === choice?.variant ? choice : undefined };
}

/** The engine a load of `variant` tries first: the choice's, for the variant chosen only. Pure. */
export const preferredEngine = (
  variant: string,
  choice: Choice | undefined,
): Backend | undefined => (choice?.variant === variant ? choice.backend : undefined);

/**
 * Whether a choice just made is loaded: not over the URL's variant or engine, nor over the user's
 * pick this session, nor when it is what runs already. Pure.
 */
export function choiceApplies(
  choice: Choice,
  options: Pick<RoadgateOptions, 'variant' | 'backend'>,
  picked: boolean,
  snap: Pick<Snapshot, 'variant' | 'backend'>,
): boolean {
  if (options.variant !== null || options.backend !== undefined || picked) return false;
  return choice.variant !== snap.variant || choice.backend !== snap.backend?.backend;
}
