import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MESSAGE_MAX_BYTES,
  judgeMessageSize,
  judgeTopics,
  messageBytes,
} from '../../../src/engine/precheck/KafkaPrecheck.js';

describe('Kafka precheck judgements', () => {
  it('passes topics that exist, or that the brokers create on first use', () => {
    const existing = new Set(['shop.orders']);
    expect(judgeTopics(['shop.orders'], existing, false).status).toBe('pass');
    const created = judgeTopics(['shop.orders', 'shop.items'], existing, true);
    expect(created).toMatchObject({
      status: 'pass',
      detail: expect.stringContaining('shop.items'),
    });
  });

  it('fails missing topics the brokers will not create, and warns when that is unknown', () => {
    const missing = judgeTopics(['shop.items'], new Set(), false);
    expect(missing).toMatchObject({
      status: 'fail',
      objects: ['shop.items'],
      fix: expect.stringContaining('kafka-topics.sh --create'),
    });
    expect(judgeTopics(['shop.items'], new Set(), null).status).toBe('warn');
  });

  it('compares the largest message a row makes with the broker limit', () => {
    expect(messageBytes(1000)).toBe(2800 + 2048);
    const fits = judgeMessageSize(null, [{ name: 'shop.small', bytes: 100_000 }]);
    expect(fits).toMatchObject({ status: 'pass', detail: expect.stringContaining('default') });
    const large = judgeMessageSize(DEFAULT_MESSAGE_MAX_BYTES, [
      { name: 'shop.small', bytes: 100_000 },
      { name: 'shop.docs', bytes: 5_000_000 },
    ]);
    expect(large).toMatchObject({
      status: 'fail',
      objects: ['shop.docs'],
      fix: expect.stringContaining(String(messageBytes(5_000_000))),
    });
  });
});
