import type { CutoverApi } from '../shared/api.js';

declare global {
  interface Window {
    cutover?: CutoverApi;
  }
}

/** The engine, as the host (Electron preload or browser mode) exposes it. */
export function api(): CutoverApi {
  if (!window.cutover) {
    throw new Error('The Cutover API is not available: open this page from the desktop app.');
  }
  return window.cutover;
}
