import type { KafkaFormat, KafkaSaslSpec } from '../../shared/task.js';

export type SaslMechanism = KafkaSaslSpec['mechanism'];
export type Compression = 'none' | 'gzip';

export const FORMAT_LABELS: Record<KafkaFormat, string> = {
  debezium: 'Debezium',
  canal: 'Canal (flat)',
  json: 'JSON',
};

export const MECHANISM_LABELS: Record<SaslMechanism, string> = {
  plain: 'PLAIN',
  'scram-sha-256': 'SCRAM-SHA-256',
  'scram-sha-512': 'SCRAM-SHA-512',
};

export const DEFAULT_TOPIC = '{database}.{table}';

/** The Kafka target's form, as typed. */
export interface KafkaForm {
  /** Comma-separated `host:port`. */
  brokers: string;
  format: KafkaFormat;
  topic: string;
  /** Debezium only: Kafka Connect's `{"schema","payload"}` wrapping. */
  schema: boolean;
  compression: Compression;
  sasl: boolean;
  mechanism: SaslMechanism;
  username: string;
  password: string;
  tls: boolean;
  /** Path to a PEM file; empty uses the system's CAs. */
  ca: string;
}

/** What the engine receives for a Kafka target; it checks it as it checks a task file. */
export interface KafkaTargetPayload {
  kind: 'kafka';
  brokers: string[];
  format: KafkaFormat;
  topic: string;
  schema: boolean;
  compression: Compression;
  sasl?: { mechanism: SaslMechanism; username: string; password: string };
  tls?: { ca?: string };
}

export function blankKafka(): KafkaForm {
  return {
    brokers: '',
    format: 'debezium',
    topic: DEFAULT_TOPIC,
    schema: false,
    compression: 'none',
    sasl: false,
    mechanism: 'scram-sha-512',
    username: '',
    password: '',
    tls: false,
    ca: '',
  };
}

export type KafkaEdit = Partial<KafkaForm>;

export function brokerList(brokers: string): string[] {
  return brokers
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
}

/** The engine's rules for a broker and a topic template, so the form never sends one it refuses. */
const BROKER = /^([^\s:/]+):(\d{1,5})$/;
const TOPIC = /^([A-Za-z0-9._-]|\{database\}|\{table\})+$/;
const TOPIC_MAX = 249;

function brokerError(broker: string): string | null {
  const port = Number(BROKER.exec(broker)?.[2] ?? 0);
  return port >= 1 && port <= 65535
    ? null
    : `"${broker}" is not host:port (for example kafka1:9092).`;
}

export type KafkaField = 'brokers' | 'topic' | 'username' | 'password';

/** Per field, what is wrong with it; empty when the form can be sent. */
export function kafkaErrors(form: KafkaForm): Partial<Record<KafkaField, string>> {
  const brokers = brokerList(form.brokers);
  const badBroker = brokers.map(brokerError).find((e) => e !== null);
  const topic = form.topic.trim();
  return {
    ...(brokers.length === 0
      ? { brokers: 'Enter one or more brokers as host:port, separated by commas.' }
      : badBroker
        ? { brokers: badBroker }
        : {}),
    ...(topic === ''
      ? { topic: 'Enter a topic, or a template with {database} and {table}.' }
      : !TOPIC.test(topic) || topic.length > TOPIC_MAX
        ? { topic: 'Use letters, digits, ".", "_", "-", {database} and {table} (up to 249).' }
        : {}),
    ...(form.sasl && form.username.trim() === '' ? { username: 'Enter the SASL user name.' } : {}),
    ...(form.sasl && form.password === '' ? { password: 'Enter the SASL password.' } : {}),
  };
}

export function kafkaPayload(form: KafkaForm): KafkaTargetPayload {
  const ca = form.ca.trim();
  return {
    kind: 'kafka',
    brokers: brokerList(form.brokers),
    format: form.format,
    topic: form.topic.trim(),
    // The engine refuses the schema wrapping for the formats it does not apply to.
    schema: form.format === 'debezium' && form.schema,
    compression: form.compression,
    ...(form.sasl
      ? {
          sasl: {
            mechanism: form.mechanism,
            username: form.username.trim(),
            password: form.password,
          },
        }
      : {}),
    ...(form.tls ? { tls: ca === '' ? {} : { ca } } : {}),
  };
}
