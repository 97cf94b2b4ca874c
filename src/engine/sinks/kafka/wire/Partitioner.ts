import type { Buffer } from 'node:buffer';

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/**
 * The 32-bit murmur2 hash of Kafka's Java client (Utils.murmur2), so a key lands in the
 * partition where the Java client, Kafka Connect and kafkajs's default partitioner put it.
 */
export function murmur2(key: Buffer): number {
  const length = key.length;
  let h = SEED ^ length;
  const blocks = length - (length % 4);
  for (let i = 0; i < blocks; i += 4) {
    let k =
      (key[i] as number) |
      ((key[i + 1] as number) << 8) |
      ((key[i + 2] as number) << 16) |
      ((key[i + 3] as number) << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const tail = length % 4;
  if (tail === 3) h ^= (key[blocks + 2] as number) << 16;
  if (tail >= 2) h ^= (key[blocks + 1] as number) << 8;
  if (tail >= 1) {
    h ^= key[blocks] as number;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h;
}

/** The partition of a keyed message: positive murmur2 of the key modulo all the partitions. */
export function partitionOfKey(key: Buffer, partitions: number): number {
  return (murmur2(key) & 0x7fffffff) % partitions;
}
