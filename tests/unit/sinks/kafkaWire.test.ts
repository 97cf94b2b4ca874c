import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { Partitioners } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { crc32c } from '../../../src/engine/sinks/kafka/wire/Crc32c.js';
import { partitionOfKey } from '../../../src/engine/sinks/kafka/wire/Partitioner.js';
import {
  writeRecordBatch,
  writeRecords,
  type ProducerRecord,
} from '../../../src/engine/sinks/kafka/wire/RecordBatch.js';
import { scram } from '../../../src/engine/sinks/kafka/wire/Sasl.js';
import { Reader, Writer } from '../../../src/engine/sinks/kafka/wire/Wire.js';

/** Reads a zigzag varint back, the way Kafka's brokers do. */
function readVarint(buf: Buffer, at: { pos: number }): number {
  let n = 0;
  let scale = 1;
  for (;;) {
    const b = buf[at.pos++] as number;
    n += (b & 0x7f) * scale;
    if (b < 0x80) break;
    scale *= 0x80;
  }
  return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
}

describe('CRC-32C', () => {
  it('matches the check value of the Castagnoli CRC and every split of a buffer', () => {
    // The standard check value: CRC-32C of "123456789" (RFC 3720, B.4 lists the polynomial).
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(0))).toBe(0);
    // 32 zero bytes, RFC 3720 B.4.
    expect(crc32c(Buffer.alloc(32))).toBe(0x8a9136aa);
    const data = randomBytes(1000);
    const whole = crc32c(data);
    for (const length of [1, 7, 8, 9, 15, 16, 17]) {
      const padded = Buffer.concat([Buffer.alloc(3), data.subarray(0, length), Buffer.alloc(5)]);
      expect(crc32c(padded, 3, 3 + length)).toBe(crc32c(data.subarray(0, length)));
    }
    expect(whole).not.toBe(crc32c(Buffer.concat([data.subarray(1), data.subarray(0, 1)])));
  });
});

describe('the partitioner', () => {
  it('puts every key where the Java client (and kafkajs) puts it', () => {
    const kafkajs = Partitioners.DefaultPartitioner();
    const partitionMetadata = Array.from({ length: 12 }, (_, partitionId) => ({
      partitionId,
      leader: 0,
      partitionErrorCode: 0,
      replicas: [0],
      isr: [0],
      offlineReplicas: [],
    }));
    for (let i = 0; i < 5_000; i++) {
      const key = i % 2 ? Buffer.from(`{"id":${i}}`) : randomBytes(i % 37);
      for (const n of [1, 4, 12]) {
        const expected = kafkajs({
          topic: 't',
          partitionMetadata: partitionMetadata.slice(0, n),
          message: { key, value: null },
        });
        expect(partitionOfKey(key, n)).toBe(expected);
      }
    }
  });
});

describe('varints and records', () => {
  it('writes zigzag varints as Kafka reads them, up to 2^53', () => {
    const values = [
      0,
      1,
      -1,
      63,
      -64,
      64,
      300,
      -300,
      2 ** 31 - 1,
      -(2 ** 31),
      2 ** 40 + 3,
      2 ** 52,
    ];
    const w = new Writer(4);
    for (const v of values) w.varint(v);
    const at = { pos: 0 };
    for (const v of values) expect(readVarint(w.view(), at)).toBe(v);
    expect(at.pos).toBe(w.pos);
  });

  it('writes text after its UTF-8 length whatever the length takes', () => {
    for (const text of [
      '',
      'a',
      'é'.repeat(40),
      'x'.repeat(63),
      'x'.repeat(64),
      '😀'.repeat(5000),
    ]) {
      const w = new Writer(8);
      w.int8(7).varintText(text).int8(9);
      const at = { pos: 1 };
      const length = readVarint(w.view(), at);
      expect(length).toBe(Buffer.byteLength(text));
      expect(w.view().toString('utf8', at.pos, at.pos + length)).toBe(text);
      expect(w.buf[at.pos + length]).toBe(9);
    }
  });

  it('writes a batch whose length and CRC a broker checks', () => {
    const w = new Writer(16);
    const records: ProducerRecord[] = [
      { key: Buffer.from('k1'), value: 'v'.repeat(200), headers: { 'cutover.id': 'a:1' } },
      { key: null, value: 'ü', headers: {} },
    ];
    writeRecordBatch(w, records.length, 1_700_000_000_000, 0, (x) => writeRecords(x, records));
    const r = new Reader(w.view());
    expect(r.int64()).toBe(0n);
    const length = r.int32();
    expect(length).toBe(w.pos - 12);
    r.int32();
    expect(r.int8()).toBe(2);
    const crc = r.int32() >>> 0;
    expect(crc).toBe(crc32c(w.buf, 21, w.pos));
    expect(r.int16()).toBe(0);
    expect(r.int32()).toBe(1);
    expect(r.int64()).toBe(1_700_000_000_000n);
    r.int64();
    expect(r.int64()).toBe(-1n);
    r.int16();
    r.int32();
    expect(r.int32()).toBe(2);
    const at = { pos: r.pos };
    const buf = w.view();
    for (const [i, rec] of records.entries()) {
      const size = readVarint(buf, at);
      const end = at.pos + size;
      at.pos += 1;
      expect(readVarint(buf, at)).toBe(0);
      expect(readVarint(buf, at)).toBe(i);
      const keyLength = readVarint(buf, at);
      expect(keyLength === -1 ? null : buf.toString('utf8', at.pos, at.pos + keyLength)).toBe(
        rec.key?.toString() ?? null,
      );
      at.pos += Math.max(0, keyLength);
      const valueLength = readVarint(buf, at);
      expect(buf.toString('utf8', at.pos, at.pos + valueLength)).toBe(rec.value);
      at.pos += valueLength;
      expect(readVarint(buf, at)).toBe(Object.keys(rec.headers).length);
      at.pos = end;
    }
    expect(at.pos).toBe(w.pos);
  });
});

describe('SCRAM', () => {
  it("computes RFC 7677's proof and checks the server's signature", () => {
    // The SCRAM-SHA-256 example exchange of RFC 7677, section 3.
    const client = scram('sha256', 'user', 'pencil', 'rOprNGfwEbeRWgbNEkqO');
    expect(client.next(null)?.toString()).toBe('n,,n=user,r=rOprNGfwEbeRWgbNEkqO');
    const serverFirst =
      'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096';
    expect(client.next(Buffer.from(serverFirst))?.toString()).toBe(
      'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
    );
    expect(client.next(Buffer.from('v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4='))).toBeNull();
  });

  it('refuses a server that does not know the password', () => {
    const client = scram('sha256', 'user', 'pencil', 'rOprNGfwEbeRWgbNEkqO');
    client.next(null);
    client.next(
      Buffer.from(
        'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
      ),
    );
    expect(() =>
      client.next(Buffer.from('v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')),
    ).toThrow(/signature does not match/);
  });

  it('refuses a challenge that does not extend its nonce', () => {
    const client = scram('sha512', 'user', 'pencil', 'abc');
    client.next(null);
    expect(() => client.next(Buffer.from('r=xyz,s=AAAA,i=4096'))).toThrow(/invalid challenge/);
  });
});
