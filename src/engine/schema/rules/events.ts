import type { ObjectKindRule } from './Rule.js';
import { isOceanBase } from './Target.js';

export const eventsRule: ObjectKindRule = {
  id: 'oceanbase.event',
  kind: 'event',
  description: 'Events are not created on OceanBase.',
  reason:
    'OceanBase documents no CREATE EVENT up to 4.3.3: move the schedule to an external scheduler (cron, a job runner).',
  source: 'OCEANBASE.md: events row (oceanbase-doc up to V4.3.3)',
  appliesTo: isOceanBase,
};
