/** A thrown value's message, whatever was thrown. */
export const errorMessage = (err: unknown): string =>
  err instanceof Error ? err.message : String(err);
