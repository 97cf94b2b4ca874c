/** The task file: the contract between users, the CLI, the wizard and the engine. */

export type SourceKind = 'mysql' | 'oceanbase';
export type TargetKind = 'oceanbase' | 'mysql';

export type TlsMode = 'disabled' | 'preferred' | 'required' | 'verify-ca' | 'verify-full';

export interface TlsSpec {
  mode: TlsMode;
  /** Paths to PEM files. */
  ca?: string;
  cert?: string;
  key?: string;
}

export interface DatabaseEndpointSpec<K extends string = SourceKind | TargetKind> {
  kind: K;
  host: string;
  port: number;
  user: string;
  /** Either a password or the name of an environment variable holding it. */
  password?: string;
  passwordEnv?: string;
  tls?: TlsSpec;
  connectTimeoutMs?: number;
  queryTimeoutMs?: number;
}

export type SourceSpec = DatabaseEndpointSpec<SourceKind>;
export type TargetSpec = DatabaseEndpointSpec<TargetKind>;

export type ObjectChoice = 'migrate' | 'skip';

export interface ObjectRule {
  database: string;
  /** Table names and `*` / `?` wildcards. */
  tables: string[];
  /** Names or wildcards removed from what `tables` matched. */
  exclude?: string[];
  targetDatabase?: string;
  /** Source table name → target table name. */
  rename?: Record<string, string>;
  /** Source table name → the columns to copy (a subset). */
  columns?: Record<string, string[]>;
  /** Source table name → a row filter (an SQL boolean expression over the source row). */
  where?: Record<string, string>;
  views?: ObjectChoice;
  triggers?: ObjectChoice;
  routines?: ObjectChoice;
  events?: ObjectChoice;
}

export const STEP_NAMES = ['schema', 'full', 'incremental', 'verify'] as const;
export type StepName = (typeof STEP_NAMES)[number];

export interface TaskOptions {
  concurrency: number;
  maxRowsPerSecond: number;
  maxBytesPerSecond: number;
  /** What to do when a target table already exists: fail the schema step, or keep it as is. */
  existingTables: 'fail' | 'keep';
  /**
   * How the full copy writes: 'auto' uses LOAD DATA LOCAL where the target allows it and it is
   * exact, multi-row INSERT elsewhere; 'insert' always uses INSERT.
   */
  loader: 'auto' | 'insert';
  /** Rows per chunk of the full copy: the unit of checkpointing and of re-copy after a crash. */
  chunkRows: number;
  /**
   * Consent to convert text columns in charsets the target lacks (e.g. latin1 on OceanBase
   * before 4.1) to utf8mb4. Without it such tables fail the precheck.
   */
  convertUnsupportedCharsets: boolean;
  /**
   * What the incremental step does with DDL on selected tables: carry it over to the target,
   * skip it, or pause the task so a person decides.
   */
  ddl: 'apply' | 'ignore' | 'pause';
  /** Target connections applying the change stream in parallel. */
  applyWorkers: number;
  /**
   * The server_id the binlog reader announces to the source. Defaults to a number derived from
   * the task, so two tasks reading one source never collide; set it when a site reserves ids.
   */
  serverId?: number;
  /**
   * Two-way sync: the incremental step also runs the reverse stream (target → source) beside the
   * forward one, for a canary that writes to both sides. See docs/architecture.md for the
   * conflict policy.
   */
  twoWay?: boolean;
}

export interface TaskSpec {
  name: string;
  source: SourceSpec;
  target: TargetSpec;
  objects: ObjectRule[];
  steps: StepName[];
  options: TaskOptions;
}

export const UNTIL_POINTS = ['schema-done', 'full-done', 'caught-up'] as const;
export type UntilPoint = (typeof UNTIL_POINTS)[number];

export type KafkaFormat = 'debezium' | 'canal' | 'json';

export interface KafkaSaslSpec {
  mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  username: string;
  /** Either a password or the name of an environment variable holding it. */
  password?: string;
  passwordEnv?: string;
}

export interface KafkaTlsSpec {
  /** Paths to PEM files. */
  ca?: string;
  cert?: string;
  key?: string;
  /** Check the brokers' certificates (default true). */
  verify?: boolean;
}

/** A Kafka cluster as a task's target: change streams as messages. */
export interface KafkaTargetSpec {
  kind: 'kafka';
  /** `host:port` of one or more brokers. */
  brokers: string[];
  format: KafkaFormat;
  /** Topic per table from a template with {database} and {table}, or one topic for all. */
  topic: string;
  /** Where DDL goes, a template with {database}. */
  ddlTopic: string;
  /** Debezium only: wrap key and value in Kafka Connect's {"schema","payload"}. */
  schema: boolean;
  compression: 'none' | 'gzip';
  sasl?: KafkaSaslSpec;
  tls?: KafkaTlsSpec;
  connectTimeoutMs?: number;
}

/** A task whose target is Kafka: the same source, selection and options, messages instead of rows. */
export interface KafkaTaskSpec extends Omit<TaskSpec, 'target'> {
  target: KafkaTargetSpec;
}

export type AnyTaskSpec = TaskSpec | KafkaTaskSpec;

export function isKafkaTask(spec: AnyTaskSpec): spec is KafkaTaskSpec {
  return spec.target.kind === 'kafka';
}
