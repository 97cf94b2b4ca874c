import type { Buffer } from 'node:buffer';
import { crc32c } from './Crc32c.js';
import { Writer } from './Wire.js';

/** A message as it goes into a record batch. */
export interface ProducerRecord {
  key: Buffer | null;
  value: string;
  headers: Record<string, string>;
}

/** Compression codecs in a batch's attributes. */
export const CODEC = { none: 0, gzip: 1 } as const;

/** Writes the records of a batch (the part gzip compresses): Kafka's record format, magic 2. */
export function writeRecords(w: Writer, records: ProducerRecord[]): void {
  for (let i = 0; i < records.length; i++) {
    const r = records[i] as ProducerRecord;
    // The record starts with its own length, known only once written: the body goes where the
    // longest length would leave it, then moves up.
    w.ensure(5);
    const at = w.pos;
    w.pos += 5;
    const body = w.pos;
    w.int8(0);
    w.varint(0);
    w.varint(i);
    if (r.key === null) w.varint(-1);
    else w.varint(r.key.length).bytes(r.key);
    w.varintText(r.value);
    const names = Object.keys(r.headers);
    w.varint(names.length);
    for (const name of names) w.varintText(name).varintText(r.headers[name] as string);
    const length = w.pos - body;
    w.pos = at;
    w.varint(length);
    const lengthBytes = w.pos - at;
    if (lengthBytes < 5) w.buf.copyWithin(w.pos, body, body + length);
    w.pos = at + lengthBytes + length;
  }
}

/**
 * Writes one record batch (magic 2) holding `count` records whose bytes `body` writes, or that
 * `compressed` holds. Timestamps are the producer's (CreateTime), the same for the whole batch.
 */
export function writeRecordBatch(
  w: Writer,
  count: number,
  timestampMs: number,
  codec: number,
  body: Buffer | ((w: Writer) => void),
): void {
  w.int64(0);
  const lengthAt = w.pos;
  w.int32(0);
  // No partition leader epoch: producers leave it to the broker.
  w.int32(-1);
  w.int8(2);
  const crcAt = w.pos;
  w.int32(0);
  const checked = w.pos;
  w.int16(codec);
  w.int32(count - 1);
  w.int64(timestampMs);
  w.int64(timestampMs);
  // Neither idempotent nor transactional: no producer id, epoch or sequence.
  w.int64(-1);
  w.int16(-1);
  w.int32(-1);
  w.int32(count);
  if (typeof body === 'function') body(w);
  else w.bytes(body);
  w.int32At(lengthAt, w.pos - lengthAt - 4);
  w.buf.writeUInt32BE(crc32c(w.buf, checked, w.pos), crcAt);
}

/** The records on their own, for compressing before they go into a batch. */
export function recordsBytes(records: ProducerRecord[]): Buffer {
  const w = new Writer(records.length * 256 + 1024);
  writeRecords(w, records);
  return w.view();
}
