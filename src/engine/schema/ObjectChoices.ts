import type { ObjectChoice, ObjectRule } from '../../shared/task.js';

export interface ObjectChoices {
  views: ObjectChoice;
  triggers: ObjectChoice;
  routines: ObjectChoice;
  events: ObjectChoice;
}

/**
 * Views and triggers belong to the tables they come with; routines and events carry logic and
 * schedules the user should opt into (OMS does not migrate them by default either).
 */
export const DEFAULT_CHOICES: ObjectChoices = {
  views: 'migrate',
  triggers: 'migrate',
  routines: 'skip',
  events: 'skip',
};

/** A database's choices: the first rule for it that states one wins, per kind. */
export function choicesFor(database: string, rules: readonly ObjectRule[]): ObjectChoices {
  const mine = rules.filter((r) => r.database === database);
  const pick = (kind: keyof ObjectChoices): ObjectChoice =>
    mine.find((r) => r[kind] !== undefined)?.[kind] ?? DEFAULT_CHOICES[kind];
  return {
    views: pick('views'),
    triggers: pick('triggers'),
    routines: pick('routines'),
    events: pick('events'),
  };
}
