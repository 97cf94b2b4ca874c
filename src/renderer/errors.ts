/** What went wrong and, when the engine knows, how to fix it: every failed call carries both. */
export interface ShownError {
  message: string;
  fix?: string;
  code?: string;
}

export function shownError(e: unknown): ShownError {
  if (e instanceof Error) {
    const extra = e as Error & { fix?: unknown; code?: unknown };
    return {
      message: e.message,
      ...(typeof extra.fix === 'string' && extra.fix ? { fix: extra.fix } : {}),
      ...(typeof extra.code === 'string' ? { code: extra.code } : {}),
    };
  }
  return { message: String(e) };
}
