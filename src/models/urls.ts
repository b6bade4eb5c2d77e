/** URL helpers shared by the page and the inference worker; no dependencies, so the worker's
 * bundle does not take in the catalog reader with them. */

/**
 * A file that model.json names (a weight shard), at the same revision as model.json: its URL
 * relative to model.json's, with model.json's query.
 */
export function siblingUrl(path: string, modelJsonUrl: string): string {
  const url = new URL(path, modelJsonUrl);
  url.search = new URL(modelJsonUrl).search;
  return url.href;
}
