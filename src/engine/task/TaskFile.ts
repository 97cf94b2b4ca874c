import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  STEP_NAMES,
  type AnyTaskSpec,
  type DatabaseEndpointSpec,
  type KafkaTargetSpec,
  type KafkaTaskSpec,
  type TaskSpec,
} from '../../shared/task.js';
import { CutoverError } from '../errors.js';

const tls = z.strictObject({
  mode: z.enum(['disabled', 'preferred', 'required', 'verify-ca', 'verify-full']),
  ca: z.string().optional(),
  cert: z.string().optional(),
  key: z.string().optional(),
});

function endpoint<K extends readonly [string, ...string[]]>(kinds: K) {
  return z
    .strictObject({
      kind: z.enum(kinds),
      host: z.string().min(1),
      port: z.number().int().min(1).max(65535).optional(),
      user: z.string().min(1),
      password: z.string().optional(),
      passwordEnv: z.string().min(1).optional(),
      tls: tls.optional(),
      connectTimeoutMs: z.number().int().positive().optional(),
      queryTimeoutMs: z.number().int().positive().optional(),
    })
    .refine((e) => !(e.password !== undefined && e.passwordEnv !== undefined), {
      message: 'give either password or passwordEnv, not both',
    })
    .transform((e) => ({ ...e, port: e.port ?? (e.kind === 'oceanbase' ? 2881 : 3306) }));
}

const nameMap = z.record(z.string(), z.string().min(1));
const choice = z.enum(['migrate', 'skip']);

const objectRule = z.strictObject({
  database: z.string().min(1),
  tables: z.array(z.string().min(1)).min(1),
  exclude: z.array(z.string().min(1)).optional(),
  targetDatabase: z.string().min(1).optional(),
  rename: nameMap.optional(),
  columns: z.record(z.string(), z.array(z.string().min(1)).min(1)).optional(),
  where: nameMap.optional(),
  views: choice.optional(),
  triggers: choice.optional(),
  routines: choice.optional(),
  events: choice.optional(),
});

const options = z.strictObject({
  concurrency: z.number().int().min(1).max(64).default(4),
  maxRowsPerSecond: z.number().min(0).default(0),
  maxBytesPerSecond: z.number().min(0).default(0),
  existingTables: z.enum(['fail', 'keep']).default('fail'),
  chunkRows: z.number().int().min(100).max(10_000_000).default(50_000),
  loader: z.enum(['auto', 'insert']).default('auto'),
  convertUnsupportedCharsets: z.boolean().default(false),
  ddl: z.enum(['apply', 'ignore', 'pause']).default('apply'),
  applyWorkers: z.number().int().min(1).max(64).default(4),
  serverId: z.number().int().min(1).max(4_294_967_295).optional(),
  twoWay: z.boolean().optional(),
});

const taskSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'use letters, digits, ".", "_" or "-" (up to 64)'),
  source: endpoint(['mysql', 'oceanbase'] as const),
  target: endpoint(['oceanbase', 'mysql'] as const),
  objects: z.array(objectRule).min(1),
  steps: z
    .array(z.enum(STEP_NAMES))
    .min(1)
    .default([...STEP_NAMES]),
  options: options.default({
    concurrency: 4,
    maxRowsPerSecond: 0,
    maxBytesPerSecond: 0,
    existingTables: 'fail',
    chunkRows: 50_000,
    loader: 'auto',
    convertUnsupportedCharsets: false,
    ddl: 'apply',
    applyWorkers: 4,
  }),
});

/** `host:port`, the form Kafka's bootstrap.servers takes. */
const broker = z.string().regex(/^[^\s:/]+:\d{1,5}$/, 'write a broker as host:port');
/** Kafka's topic name characters; the template's placeholders are filled with names later. */
const topicTemplate = z
  .string()
  .min(1)
  .max(249)
  .regex(
    /^([A-Za-z0-9._-]|\{database\}|\{table\})+$/,
    'use letters, digits, ".", "_", "-", {database} and {table}',
  );

const kafkaTarget = z
  .strictObject({
    kind: z.literal('kafka'),
    brokers: z.array(broker).min(1, 'give one or more brokers as host:port'),
    format: z.enum(['debezium', 'canal', 'json']),
    topic: topicTemplate.default('{database}.{table}'),
    ddlTopic: topicTemplate.default('{database}.schema-changes'),
    schema: z.boolean().default(false),
    compression: z.enum(['none', 'gzip']).default('none'),
    sasl: z
      .strictObject({
        mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
        username: z.string().min(1),
        password: z.string().optional(),
        passwordEnv: z.string().min(1).optional(),
      })
      .refine((e) => !(e.password !== undefined && e.passwordEnv !== undefined), {
        message: 'give either password or passwordEnv, not both',
      })
      .optional(),
    tls: z
      .strictObject({
        ca: z.string().optional(),
        cert: z.string().optional(),
        key: z.string().optional(),
        verify: z.boolean().optional(),
      })
      .optional(),
    connectTimeoutMs: z.number().int().positive().optional(),
  })
  .refine((t) => !t.schema || t.format === 'debezium', {
    message: 'schema applies to the debezium format only',
    path: ['schema'],
  });

/** Kafka receives rows and changes: no schema to create, nothing to verify row by row. */
const KAFKA_STEPS = ['full', 'incremental'] as const;

const kafkaTaskSchema = taskSchema.omit({ target: true, steps: true }).extend({
  target: kafkaTarget,
  steps: z
    .array(
      z.enum(KAFKA_STEPS, { message: 'a Kafka target takes the steps "full" and "incremental"' }),
    )
    .min(1)
    .default([...KAFKA_STEPS]),
});

function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] ?? 0;
      prev[j] = Math.min(up + 1, (prev[j - 1] ?? 0) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] ?? 0;
}

const KNOWN_FIELDS = [
  'name',
  'source',
  'target',
  'objects',
  'steps',
  'options',
  'kind',
  'host',
  'port',
  'user',
  'password',
  'passwordEnv',
  'tls',
  'connectTimeoutMs',
  'queryTimeoutMs',
  'mode',
  'ca',
  'cert',
  'key',
  'database',
  'tables',
  'exclude',
  'targetDatabase',
  'rename',
  'columns',
  'where',
  'views',
  'triggers',
  'routines',
  'events',
  'concurrency',
  'maxRowsPerSecond',
  'maxBytesPerSecond',
  'existingTables',
  'chunkRows',
  'loader',
  'convertUnsupportedCharsets',
  'ddl',
  'applyWorkers',
  'serverId',
  'twoWay',
  'brokers',
  'format',
  'topic',
  'ddlTopic',
  'schema',
  'compression',
  'sasl',
  'mechanism',
  'username',
  'verify',
];

function suggest(field: string): string {
  const best = KNOWN_FIELDS.map((k) => ({
    k,
    d: levenshtein(field.toLowerCase(), k.toLowerCase()),
  }))
    .filter((x) => x.d <= 2)
    .sort((a, b) => a.d - b.d)[0];
  return best ? ` (did you mean "${best.k}"?)` : '';
}

function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, p) => {
    if (typeof p === 'number') return `${acc}[${p}]`;
    return acc ? `${acc}.${String(p)}` : String(p);
  }, '');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const at = pathText(issue.path) || '(top level)';
  if (issue.code === 'unrecognized_keys') {
    return issue.keys
      .map((k) => `${at === '(top level)' ? k : `${at}.${k}`}: unknown field${suggest(k)}`)
      .join('; ');
  }
  if (issue.code === 'invalid_type') {
    return `${at}: expected ${issue.expected}${issue.input === undefined ? ' (missing)' : `, got ${JSON.stringify(issue.input)}`}`;
  }
  if (issue.code === 'invalid_value') {
    return `${at}: must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return `${at}: ${issue.message}`;
}

function invalidTask(origin: string, issues: z.core.$ZodIssue[]): CutoverError {
  return new CutoverError(
    'TASK_FILE_INVALID',
    `${origin} is not a valid task: ${issues.map(describeIssue).join('; ')}`,
    'Correct the field(s) named above; docs/task-file.md lists every field with an example.',
  );
}

function targetsKafka(input: unknown): boolean {
  const target = (input as { target?: { kind?: unknown } } | null)?.target;
  return typeof target === 'object' && target !== null && target.kind === 'kafka';
}

/** Validates a parsed task object with a database target; the error names every wrong field. */
export function parseTaskSpec(input: unknown, origin = 'task file'): TaskSpec {
  if (targetsKafka(input)) {
    throw new CutoverError(
      'USAGE',
      `${origin} streams to Kafka, which this needs a database target for.`,
      'Run a Kafka task with `cutover run`; the switchover, verification and schema plan apply to database targets.',
    );
  }
  const result = taskSchema.safeParse(input, { reportInput: true });
  if (!result.success) throw invalidTask(origin, result.error.issues);
  return result.data;
}

/** Validates a task with a database or a Kafka target. */
export function parseAnyTaskSpec(input: unknown, origin = 'task file'): AnyTaskSpec {
  if (!targetsKafka(input)) return parseTaskSpec(input, origin);
  const result = kafkaTaskSchema.safeParse(input, { reportInput: true });
  if (!result.success) throw invalidTask(origin, result.error.issues);
  return result.data as KafkaTaskSpec;
}

/** A Kafka target alone, as the wizard's broker test sends it; checked as in a task file. */
export function parseKafkaTarget(input: unknown, origin = 'The Kafka target'): KafkaTargetSpec {
  const result = kafkaTarget.safeParse(input, { reportInput: true });
  if (!result.success) {
    throw new CutoverError(
      'TASK_FILE_INVALID',
      `${origin} is not valid: ${result.error.issues.map(describeIssue).join('; ')}`,
      'Correct the field(s) named above; docs/kafka.md describes each.',
    );
  }
  return result.data;
}

const anyEndpoint = endpoint(['mysql', 'oceanbase'] as const);

/** One server's connection settings, as the wizard's connection form sends them. */
export function parseEndpointSpec(input: unknown, origin = 'connection'): DatabaseEndpointSpec {
  const result = anyEndpoint.safeParse(input, { reportInput: true });
  if (!result.success) {
    throw new CutoverError(
      'TASK_FILE_INVALID',
      `${origin} is not valid: ${result.error.issues.map(describeIssue).join('; ')}`,
      'Correct the field(s) named above; docs/task-file.md describes each.',
    );
  }
  return result.data;
}

function jsonErrorLocation(text: string, err: SyntaxError): string {
  const pos = /position (\d+)/.exec(err.message)?.[1];
  if (pos === undefined) return err.message;
  const offset = Number(pos);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${column}: ${err.message.replace(/ in JSON at position \d+.*$/, '')}`;
}

export function loadTaskFile(path: string): TaskSpec {
  return parseTaskSpec(readTaskJson(path), path);
}

export function loadAnyTaskFile(path: string): AnyTaskSpec {
  return parseAnyTaskSpec(readTaskJson(path), path);
}

function readTaskJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new CutoverError(
      'TASK_FILE_UNREADABLE',
      `Cannot read the task file ${path}${code === 'ENOENT' ? ': no such file' : `: ${code ?? String(e)}`}.`,
      'Check the path to the task file; docs/task-file.md shows its format.',
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new CutoverError(
      'TASK_FILE_INVALID',
      `${path} is not valid JSON (${jsonErrorLocation(text, e as SyntaxError)}).`,
      'Fix the JSON syntax at that place (a missing comma or quote is the usual cause).',
    );
  }
  return parsed;
}
