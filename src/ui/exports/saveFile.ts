/**
 * Saves `data` as a file named `name` through a temporary link to a blob: URL (no network). The URL is
 * revoked a moment later, once the browser has started the download.
 */
export function download(name: string, data: BlobPart | Blob, type = 'application/octet-stream'): void {
  const blob = data instanceof Blob ? data : new Blob([data], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
