import { STEP_NAMES, type ObjectRule, type StepName, type TaskOptions } from '../../shared/task.js';
import {
  endpointPayload,
  type EndpointForm,
  type EndpointPayload,
  type Side,
} from './endpointForm.js';
import { kafkaPayload, type KafkaForm, type KafkaTargetPayload } from './kafkaForm.js';

/** What the target is: a database the rows are written to, or Kafka topics they stream to. */
export type TargetType = 'database' | 'kafka';

/** The options the wizard offers; the engine's defaults stand for the rest. */
export type WizardOptions = Pick<
  TaskOptions,
  'concurrency' | 'applyWorkers' | 'ddl' | 'existingTables' | 'twoWay'
>;

export interface RunSettings {
  steps: StepName[];
  options: WizardOptions;
}

/** Verification is opt-in: it reads every row on both sides again. */
export const DEFAULT_RUN: RunSettings = {
  steps: ['schema', 'full', 'incremental'],
  options: { concurrency: 4, applyWorkers: 4, ddl: 'apply', existingTables: 'fail' },
};

/** Kafka has no schema to create and no rows to compare: the engine refuses those steps. */
const KAFKA_STEPS: readonly StepName[] = ['full', 'incremental'];

/** The steps a task with this target can take, in the order they run. */
export function stepsOffered(target: TargetType): readonly StepName[] {
  return target === 'kafka' ? KAFKA_STEPS : STEP_NAMES;
}

/** Of the options, only the copy's concurrency applies to messages. */
export type KafkaOptions = Pick<TaskOptions, 'concurrency'>;

/** The task as the wizard sends it; the engine checks it as it checks a task file. */
export interface TaskDraft {
  name: string;
  source: EndpointPayload;
  target: EndpointPayload | KafkaTargetPayload;
  objects: ObjectRule[];
  steps: StepName[];
  options: WizardOptions | KafkaOptions;
}

export function buildTask(parts: {
  name: string;
  source: EndpointForm;
  target: EndpointForm;
  /** The Kafka target's form when the target is Kafka; `target` is then left aside. */
  kafka?: KafkaForm | null;
  objects: ObjectRule[];
  run: RunSettings;
}): TaskDraft {
  const kafka = parts.kafka ?? null;
  return {
    name: parts.name.trim(),
    source: endpointPayload(parts.source),
    target: kafka ? kafkaPayload(kafka) : endpointPayload(parts.target),
    objects: parts.objects,
    // The engine runs steps in this order whatever the list says; listing them so reads true.
    steps: stepsOffered(kafka ? 'kafka' : 'database').filter((s) => parts.run.steps.includes(s)),
    options: kafka ? { concurrency: parts.run.options.concurrency } : withTwoWay(parts.run),
  };
}

/** Two-way sync is part of the change stream: without the incremental step it means nothing. */
function withTwoWay(run: RunSettings): WizardOptions {
  const { twoWay, ...options } = run.options;
  return twoWay === true && run.steps.includes('incremental') ? { ...options, twoWay } : options;
}

/** The engine's rule for task names, which also name the task's state on disk. */
const TASK_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function taskNameError(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'Give the task a name.';
  if (!TASK_NAME.test(trimmed)) {
    return 'Use letters, digits, ".", "_" or "-" (up to 64), starting with a letter or digit.';
  }
  return null;
}

const WORKERS_MAX = 64;

export function runErrors(run: RunSettings, target: TargetType = 'database'): string[] {
  const errors: string[] = [];
  if (!stepsOffered(target).some((s) => run.steps.includes(s))) {
    errors.push('Choose at least one step.');
  }
  const counts: [keyof Pick<WizardOptions, 'concurrency' | 'applyWorkers'>, string][] = [
    ['concurrency', 'Concurrency'],
  ];
  if (target === 'database') counts.push(['applyWorkers', 'Apply workers']);
  for (const [field, label] of counts) {
    const n = run.options[field];
    if (!Number.isInteger(n) || n < 1 || n > WORKERS_MAX) {
      errors.push(`${label} must be a whole number from 1 to ${WORKERS_MAX}.`);
    }
  }
  return errors;
}

/** Where the downloaded task file expects each password, so the file itself holds no secret. */
export const PASSWORD_ENVS: Record<Side, string> = {
  source: 'CUTOVER_SOURCE_PASSWORD',
  target: 'CUTOVER_TARGET_PASSWORD',
};

function fileEndpoint(endpoint: EndpointPayload, side: Side): Record<string, unknown> {
  const { kind, host, port, user } = endpoint;
  const hasSecret = 'connection' in endpoint || endpoint.password !== '';
  return { kind, host, port, user, ...(hasSecret ? { passwordEnv: PASSWORD_ENVS[side] } : {}) };
}

function fileKafka(target: KafkaTargetPayload): Record<string, unknown> {
  if (!target.sasl) return { ...target };
  const { mechanism, username } = target.sasl;
  return { ...target, sasl: { mechanism, username, passwordEnv: PASSWORD_ENVS.target } };
}

/**
 * The task as a file for `cutover run`: passwords and saved-connection names (which only this
 * app can resolve) give way to environment variables.
 */
export function taskFile(task: TaskDraft): Record<string, unknown> {
  return {
    ...task,
    source: fileEndpoint(task.source, 'source'),
    target:
      task.target.kind === 'kafka' ? fileKafka(task.target) : fileEndpoint(task.target, 'target'),
  };
}
