import type { DownloadFile } from '../store/index';

/** Hands a file to the browser's download (no network: a Blob URL, revoked right after). */
export function triggerDownload(file: DownloadFile): void {
  const part: BlobPart = typeof file.data === 'string' ? file.data : new Uint8Array(file.data);
  const url = URL.createObjectURL(new Blob([part], { type: file.mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
