import { describe, expect, it } from 'vitest';
import { parseAnyTaskSpec } from '../../../../src/engine/task/TaskFile.js';
import { precheckKey, sampleKey } from '../../../../src/renderer/wizard/currentTask.js';
import { blankEndpoint } from '../../../../src/renderer/wizard/endpointForm.js';
import {
  blankKafka,
  kafkaErrors,
  kafkaPayload,
  type KafkaForm,
} from '../../../../src/renderer/wizard/kafkaForm.js';
import {
  buildTask,
  DEFAULT_RUN,
  runErrors,
  taskFile,
} from '../../../../src/renderer/wizard/taskDraft.js';

const source = { ...blankEndpoint('mysql'), host: 'src', user: 'root', password: 's3cret' };
const kafka: KafkaForm = { ...blankKafka(), brokers: 'k1:9092, k2:9093' };
const sasl: KafkaForm = {
  ...kafka,
  sasl: true,
  mechanism: 'plain',
  username: 'streamer',
  password: 'sasl-pw',
};

const draft = (form: KafkaForm = kafka, run = DEFAULT_RUN) =>
  buildTask({
    name: 'to-kafka',
    source,
    target: blankEndpoint('oceanbase'),
    kafka: form,
    objects: [{ database: 'shop', tables: ['*'] }],
    run,
  });

describe('the Kafka target form', () => {
  it('names each field that keeps the form from being sent', () => {
    expect(kafkaErrors(blankKafka())).toEqual({
      brokers: 'Enter one or more brokers as host:port, separated by commas.',
    });
    expect(kafkaErrors({ ...kafka, brokers: 'k1:9092, k2' }).brokers).toBe(
      '"k2" is not host:port (for example kafka1:9092).',
    );
    expect(kafkaErrors({ ...kafka, brokers: 'k1:99999' }).brokers).toMatch(/not host:port/);
    expect(kafkaErrors({ ...kafka, brokers: 'k 1:9092' }).brokers).toMatch(/not host:port/);
    expect(kafkaErrors({ ...kafka, topic: 'cdc/{table}' }).topic).toBe(
      'Use letters, digits, ".", "_", "-", {database} and {table} (up to 249).',
    );
    expect(kafkaErrors({ ...kafka, topic: ' ' }).topic).toMatch(/Enter a topic/);
    expect(kafkaErrors({ ...kafka, sasl: true })).toEqual({
      username: 'Enter the SASL user name.',
      password: 'Enter the SASL password.',
    });
    expect(kafkaErrors(kafka)).toEqual({});
    expect(kafkaErrors(sasl)).toEqual({});
  });

  it('sends the schema wrapping for Debezium only, and TLS with or without a CA', () => {
    expect(kafkaPayload({ ...kafka, format: 'canal', schema: true }).schema).toBe(false);
    expect(kafkaPayload({ ...kafka, schema: true }).schema).toBe(true);
    expect(kafkaPayload({ ...kafka, tls: true }).tls).toEqual({});
    expect(kafkaPayload({ ...kafka, tls: true, ca: ' /etc/ca.pem ' }).tls).toEqual({
      ca: '/etc/ca.pem',
    });
    expect(kafkaPayload(kafka)).not.toHaveProperty('tls');
    expect(kafkaPayload(kafka)).not.toHaveProperty('sasl');
  });
});

describe('a task streaming to Kafka', () => {
  it('is one the engine accepts, with the steps and options that apply to Kafka', () => {
    const task = draft(sasl, {
      steps: ['schema', 'full', 'incremental', 'verify'],
      options: { ...DEFAULT_RUN.options, twoWay: true },
    });
    expect(task.steps).toEqual(['full', 'incremental']);
    expect(task.options).toEqual({ concurrency: 4 });
    const spec = parseAnyTaskSpec(task, 'the wizard');
    expect(spec.target).toEqual({
      kind: 'kafka',
      brokers: ['k1:9092', 'k2:9093'],
      format: 'debezium',
      topic: '{database}.{table}',
      ddlTopic: '{database}.schema-changes',
      schema: false,
      compression: 'none',
      sasl: { mechanism: 'plain', username: 'streamer', password: 'sasl-pw' },
    });
  });

  it('wants a step Kafka takes, and no apply workers', () => {
    const run = { steps: ['schema' as const], options: { ...DEFAULT_RUN.options } };
    expect(runErrors(run, 'kafka')).toEqual(['Choose at least one step.']);
    expect(runErrors(run, 'database')).toEqual([]);
    const noWorkers = { ...DEFAULT_RUN, options: { ...DEFAULT_RUN.options, applyWorkers: 0 } };
    expect(runErrors(noWorkers, 'kafka')).toEqual([]);
  });

  it('is written to a file with the SASL password in the environment, which cutover run takes', () => {
    const file = taskFile(draft(sasl));
    expect(JSON.stringify(file)).not.toContain('sasl-pw');
    expect(file.target).toMatchObject({
      kind: 'kafka',
      sasl: { mechanism: 'plain', username: 'streamer', passwordEnv: 'CUTOVER_TARGET_PASSWORD' },
    });
    expect(() => parseAnyTaskSpec(file)).not.toThrow();
    expect(taskFile(draft()).target).not.toHaveProperty('sasl');
  });

  it('keeps a precheck current across formats, but not a sample', () => {
    const debezium = draft();
    const canal = draft({ ...kafka, format: 'canal' });
    expect(precheckKey(canal)).toBe(precheckKey(debezium));
    expect(sampleKey(canal)).not.toBe(sampleKey(debezium));
    expect(precheckKey(draft({ ...kafka, topic: 'all' }))).not.toBe(precheckKey(debezium));
    // Steps and options do not change a message.
    const fullOnly = draft(kafka, { ...DEFAULT_RUN, steps: ['full'] });
    expect(sampleKey(fullOnly)).toBe(sampleKey(debezium));
  });
});
