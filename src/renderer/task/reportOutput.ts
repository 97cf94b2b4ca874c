/**
 * Printing and saving the cutover report from the window.
 *
 * The report prints from a hidden frame left on its first, empty document and written in place:
 * no frame navigation happens, so the page's `frame-src 'none'` and the desktop app's lock on
 * navigation (will-frame-navigate) need no exception. The frame shares the page's policy, which
 * lets the report's inline style apply and runs no script.
 */
let printFrame: HTMLIFrameElement | null = null;

export function printReport(html: string): void {
  printFrame?.remove();
  const frame = document.createElement('iframe');
  frame.title = 'Cutover report, for printing';
  frame.tabIndex = -1;
  frame.setAttribute('aria-hidden', 'true');
  frame.style.cssText =
    'position: fixed; right: 0; bottom: 0; width: 0; height: 0; border: 0; visibility: hidden';
  document.body.append(frame);
  printFrame = frame;
  const view = frame.contentWindow;
  if (!view) throw new Error('The print frame did not open; download the HTML and print that.');
  // document.write, unlike setting the markup on the empty document, parses the doctype, so the
  // report lays out in standards mode as it does when opened from a file.
  view.document.open();
  view.document.write(html);
  view.document.close();
  view.addEventListener('afterprint', () => {
    frame.remove();
    if (printFrame === frame) printFrame = null;
  });
  view.print();
}

/** Long enough for any browser to have read the blob into its download. */
const REVOKE_AFTER_MS = 60_000;

export function downloadReport(html: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
