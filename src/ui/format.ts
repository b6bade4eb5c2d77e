/** Numbers as the panels show them. */

/** Bytes in MiB with one decimal ("2.8 MB"). */
export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
