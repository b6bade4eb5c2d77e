/**
 * Quoting untrusted text (URL parameters, fields of a downloaded file) in a message the user
 * reads. Pure.
 */

/** Longest token a message quotes, in characters: enough for any variant id (31 characters). */
export const TOKEN_MAX_CHARS = 32;

/**
 * `text` reduced to the characters of an id (`A-Z a-z 0-9 . _ -`) and cut to `max` characters,
 * with an ellipsis when cut. Everything else is dropped, so a sentence, markup, a control
 * character or a 200,000-character value never reaches the page as written. Empty when nothing
 * is left.
 */
export function cleanToken(text: string, max: number = TOKEN_MAX_CHARS): string {
  const kept = text.replace(/[^A-Za-z0-9._-]/g, '');
  return kept.length > max ? `${kept.slice(0, Math.max(0, max))}…` : kept;
}

/** `"token"` (cleaned) for a message, or the empty string when nothing of `text` survives. */
export function quoted(text: string, max: number = TOKEN_MAX_CHARS): string {
  const token = cleanToken(text, max);
  return token === '' ? '' : `"${token}"`;
}
