/** Hands text to the browser as a file download, through a short-lived Blob link. */
export function downloadText(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the click; the URL is released after the browser took it.
  window.setTimeout(() => URL.revokeObjectURL(url), 0);
}
