/**
 * The URL parameters (ARCHITECTURE.md, URL parameters): `variant=<id>`,
 * `variant=personal:<name>`, `backend=int8|webgpu|webgl|wasm|cpu`, `dev`, `teach`.
 * Anyone can hand the user a link, so every value is checked here and a rejected one is quoted
 * back only as a short cleaned token.
 */
import { ALL_BACKENDS, type Backend } from '../inference/protocol.ts';
import { findVariant } from '../models/variants.ts';
import { quoted } from '../util/token.ts';
import { NAME_RULE, nameProblem, personalName } from '../teach/personalFile.ts';

export interface UrlParams {
  /**
   * A canonical variant id (`mobilenet_v1_<width>_<size>`) or a well-formed `personal:<name>`, or
   * null for the catalog's default.
   */
  variant: string | null;
  /** The engine to start with, or undefined for the usual order. */
  backend: Backend | undefined;
  dev: boolean;
  /** Open teach mode once the app is ready. */
  teach: boolean;
  /** One short sentence per rejected value, for the page to show; empty when all were valid. */
  notices: string[];
}

/** The notice for a `?variant=` that names no MobileNet v1 variant. */
export const unknownVariantNotice = (raw: string): string =>
  `Ignored ?variant=${quoted(raw)}: not a model variant (mobilenet_v1_<width>_<size>); running the default model instead.`;

/** The notice for a `?variant=personal:<name>` whose name breaks the naming rule. */
export const badPersonalNotice = (raw: string): string =>
  `Ignored ?variant=${quoted(raw)}: a personal model's name is ${NAME_RULE}; running the default model instead.`;

/** The notice for a `?backend=` that names no engine. */
export const unknownBackendNotice = (raw: string): string =>
  `Ignored ?backend=${quoted(raw)}: not one of ${ALL_BACKENDS.join(', ')}; choosing the engine automatically instead.`;

/**
 * Reads and validates the page's URL parameters (`location.search`). An empty value counts as
 * absent; an invalid one falls back to the default and adds a notice. Never throws.
 */
export function readParams(search: string): UrlParams {
  const q = new URLSearchParams(search);
  const notices: string[] = [];
  const rawVariant = q.get('variant') ?? '';
  const personal = personalName(rawVariant);
  const variant =
    rawVariant === ''
      ? null
      : personal !== null && nameProblem(personal) === null
        ? rawVariant
        : (findVariant(rawVariant)?.id ?? null);
  if (rawVariant !== '' && variant === null) {
    notices.push(
      personal === null ? unknownVariantNotice(rawVariant) : badPersonalNotice(rawVariant),
    );
  }
  const rawBackend = q.get('backend') ?? '';
  const backend = ALL_BACKENDS.find((b) => b === rawBackend.trim().toLowerCase());
  if (rawBackend !== '' && backend === undefined) notices.push(unknownBackendNotice(rawBackend));
  return { variant, backend, dev: q.has('dev'), teach: q.has('teach'), notices };
}
