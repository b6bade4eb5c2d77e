/** Which personal model, if any, a launch starts on. Pure. */
import type { Catalog } from '../models/catalog.ts';
import { personalId, personalName } from '../teach/personalFile.ts';
import type { PersonalModels } from '../teach/personalModels.ts';

/**
 * `wanted`: the URL's variant (or what a retry asks for). A `personal:<name>` there starts on that
 * model if it is kept here; else, with no variant asked for, the personal model in use last, if
 * it is still kept and its base still ships. `id`: the personal model to load; `wanted`: the
 * shipped variant asked for, if any (null: the usual start).
 */
export function personalStart(
  wanted: string | null,
  personal: Pick<PersonalModels, 'active' | 'resolve' | 'find'>,
  catalog: Catalog,
): { id: string | null; wanted: string | null; notice: string | null } {
  const name = wanted === null ? personal.active() : personalName(wanted);
  if (name === null) return { id: null, wanted, notice: null };
  const id = personalId(name);
  if (personal.resolve(id, catalog)) return { id, wanted: null, notice: null };
  const kept = personal.find(name);
  const notice =
    wanted === null
      ? null
      : kept
        ? `“${name}” was made for ${kept.base}, which this version does not ship: a shipped model runs instead.`
        : `There is no personal model “${name}” on this device: a shipped model runs instead.`;
  return { id: null, wanted: null, notice };
}
