/** Hands text to the browser (or Electron's save dialog) as a file download. */
export function downloadFile(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // Revoking at once can cancel the download before it has read the blob.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
