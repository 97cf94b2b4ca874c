// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CutoverApi, KafkaTest } from '../../../../src/shared/api.js';
import { fakeApi, type FakeApi } from '../task/fakeApi.js';

const engine = vi.hoisted(() => ({ current: null as CutoverApi | null }));
vi.mock('../../../../src/renderer/api.js', () => ({ api: () => engine.current }));

const { KafkaFields } = await import('../../../../src/renderer/wizard/KafkaFields.js');
const { useWizardStore } = await import('../../../../src/renderer/wizard/useWizardStore.js');

let fake: FakeApi;

beforeEach(() => {
  fake = fakeApi();
  engine.current = fake.api;
});

afterEach(() => {
  cleanup();
  useWizardStore.getState().reset();
});

const type = (label: string, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
const testButton = () => screen.getByRole<HTMLButtonElement>('button', { name: 'Test brokers' });

describe("the Kafka target's Test brokers button", () => {
  it('stays off until the brokers are written as host:port', () => {
    render(createElement(KafkaFields));
    expect(testButton().disabled).toBe(true);
    type('Kafka brokers', 'k1');
    expect(testButton().disabled).toBe(true);
    type('Kafka brokers', 'k1:9092');
    expect(testButton().disabled).toBe(false);
  });

  it('shows a spinner while testing, then the brokers the cluster reports', async () => {
    let answer!: (result: KafkaTest) => void;
    fake.handle('kafka:test', () => new Promise<KafkaTest>((resolve) => (answer = resolve)));
    render(createElement(KafkaFields));
    type('Kafka brokers', 'k1:9092');
    fireEvent.click(screen.getByLabelText('SASL authentication'));
    type('SASL user', 'app');
    type('SASL password', 'pw');
    fireEvent.click(testButton());

    expect(await screen.findByText('Connecting to the brokers…')).toBeTruthy();
    expect(testButton().disabled).toBe(true);
    expect(fake.calls('kafka:test')).toEqual([
      [
        {
          kind: 'kafka',
          brokers: ['k1:9092'],
          format: 'debezium',
          topic: '{database}.{table}',
          schema: false,
          compression: 'none',
          sasl: { mechanism: 'scram-sha-512', username: 'app', password: 'pw' },
        },
      ],
    ]);

    answer({ ok: true, brokers: ['k1:9092', 'k2:9092', 'k3:9092'], ms: 45 });
    expect(await screen.findByText('k1:9092, k2:9092, k3:9092')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe(
      'The cluster answered in 45 ms with 3 brokers: k1:9092, k2:9092, k3:9092',
    );
    expect(screen.queryByText('Connecting to the brokers…')).toBeNull();
    expect(testButton().disabled).toBe(false);

    // Another format reaches the same brokers: the result stands. Other brokers do not.
    type('Message format', 'json');
    expect(screen.getByText('k1:9092, k2:9092, k3:9092')).toBeTruthy();
    type('Kafka brokers', 'k9:9092');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows what failed and its fix', async () => {
    fake.handle('kafka:test', () => ({
      ok: false,
      error: {
        code: 'KAFKA_FAILED',
        message: 'Kafka (k1:9092) failed: no Kafka broker answered (k1:9092: connect ECONNREFUSED)',
        fix: 'Check that the brokers are reachable from this machine.',
      },
    }));
    render(createElement(KafkaFields));
    type('Kafka brokers', 'k1:9092');
    fireEvent.click(testButton());
    expect(await screen.findByText(/no Kafka broker answered/)).toBeTruthy();
    expect(
      screen.getByText('Check that the brokers are reachable from this machine.'),
    ).toBeTruthy();
  });

  it('shows a refusal of the target as it shows a failed test', async () => {
    fake.handle('kafka:test', () => {
      throw Object.assign(new Error('The Kafka target is not valid: topic: use letters'), {
        fix: 'Correct the field(s) named above.',
      });
    });
    render(createElement(KafkaFields));
    type('Kafka brokers', 'k1:9092');
    fireEvent.click(testButton());
    expect(
      await screen.findByText('The Kafka target is not valid: topic: use letters'),
    ).toBeTruthy();
    expect(screen.getByText('Correct the field(s) named above.')).toBeTruthy();
  });
});
