import { useCallback, useEffect, useRef } from 'react';
import { Refresher } from './Refresher.js';

export const REFRESH_MS = 2000;

const pageVisible = (): boolean => document.visibilityState !== 'hidden';

/**
 * Runs `load` now, every two seconds while the page is seen, when it comes back into view,
 * and on each call of the function it returns. Stops when the component goes.
 */
export function useRefresher(load: () => Promise<void>, onError: (e: unknown) => void): () => void {
  const latest = useRef({ load, onError });
  const refresher = useRef<Refresher | null>(null);
  useEffect(() => {
    latest.current = { load, onError };
  });
  useEffect(() => {
    const r = new Refresher(() => latest.current.load(), {
      intervalMs: REFRESH_MS,
      isVisible: pageVisible,
      onError: (e) => latest.current.onError(e),
    });
    refresher.current = r;
    r.start();
    const onVisibility = (): void => {
      if (pageVisible()) r.request();
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      r.stop();
      refresher.current = null;
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, []);
  return useCallback(() => refresher.current?.request(), []);
}
