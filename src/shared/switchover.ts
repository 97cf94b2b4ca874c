/** The switchover's steps, in the order the engine runs them and the checklist lists them. */
export const SWITCHOVER_STEPS = [
  'checks',
  'stop-writes',
  'drain',
  'verify',
  'deferred',
  'reverse',
  'move-app',
] as const;

export type SwitchoverStepName = (typeof SWITCHOVER_STEPS)[number];
