/**
 * Saves `text` as a file the user keeps (the drive log, a personal model): a Blob behind a
 * one-off `<a download>`, its URL released after. Nothing is uploaded.
 */
export function saveFile(text: string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  // The download has taken the Blob once click() returns; the URL is not needed past this task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
