import { Buffer } from 'node:buffer';

/**
 * Writes Kafka protocol fields (big-endian integers, zigzag varints, length-prefixed strings)
 * into one growing buffer, so a whole request is built without intermediate buffers.
 */
export class Writer {
  buf: Buffer;
  pos = 0;

  constructor(initialBytes = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  /** Makes room for `bytes` more bytes. */
  ensure(bytes: number): void {
    const need = this.pos + bytes;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  int8(v: number): this {
    this.ensure(1);
    this.buf.writeInt8(v, this.pos);
    this.pos += 1;
    return this;
  }

  int16(v: number): this {
    this.ensure(2);
    this.buf.writeInt16BE(v, this.pos);
    this.pos += 2;
    return this;
  }

  int32(v: number): this {
    this.ensure(4);
    this.buf.writeInt32BE(v, this.pos);
    this.pos += 4;
    return this;
  }

  int64(v: number): this {
    this.ensure(8);
    this.buf.writeBigInt64BE(BigInt(v), this.pos);
    this.pos += 8;
    return this;
  }

  /** Overwrites an int32 written earlier (a length or a count known only afterwards). */
  int32At(at: number, v: number): void {
    this.buf.writeInt32BE(v, at);
  }

  /** An unsigned varint (7 bits a byte, low bits first); up to 2^53. */
  uvarint(v: number): this {
    this.ensure(8);
    let n = v;
    while (n >= 0x80) {
      this.buf[this.pos++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.buf[this.pos++] = n;
    return this;
  }

  /** A signed varint or varlong, zigzag-encoded as Kafka's records use them. */
  varint(v: number): this {
    return this.uvarint(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  bytes(b: Buffer): this {
    this.ensure(b.length);
    b.copy(this.buf, this.pos);
    this.pos += b.length;
    return this;
  }

  string(s: string): this {
    const length = Buffer.byteLength(s);
    this.int16(length);
    this.ensure(length);
    this.pos += this.buf.write(s, this.pos);
    return this;
  }

  nullableString(s: string | null): this {
    return s === null ? this.int16(-1) : this.string(s);
  }

  /** A BYTES field: int32 length, then the bytes. */
  sizedBytes(b: Buffer): this {
    return this.int32(b.length).bytes(b);
  }

  /**
   * Writes text as UTF-8 preceded by its byte length as a varint, in one pass over the text: it
   * is written where the longest length would leave it, then moved up when the length is shorter.
   */
  varintText(s: string): this {
    this.ensure(5 + s.length * 3);
    const at = this.pos;
    const written = this.buf.write(s, at + 5);
    const zz = written * 2;
    const lengthBytes =
      zz < 0x80 ? 1 : zz < 0x4000 ? 2 : zz < 0x200000 ? 3 : zz < 0x10000000 ? 4 : 5;
    this.varint(written);
    if (lengthBytes < 5) this.buf.copyWithin(at + lengthBytes, at + 5, at + 5 + written);
    this.pos = at + lengthBytes + written;
    return this;
  }

  /** The bytes written so far (a view, not a copy). */
  view(from = 0): Buffer {
    return this.buf.subarray(from, this.pos);
  }
}

/** Reads Kafka protocol fields from a response. */
export class Reader {
  pos = 0;

  constructor(private readonly buf: Buffer) {}

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  private need(bytes: number): void {
    if (this.pos + bytes > this.buf.length) {
      throw new Error(`Kafka response ended early (${bytes} more byte(s) expected)`);
    }
  }

  int8(): number {
    this.need(1);
    return this.buf.readInt8(this.pos++);
  }

  boolean(): boolean {
    return this.int8() !== 0;
  }

  int16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  int32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  int64(): bigint {
    this.need(8);
    const v = this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return v;
  }

  nullableString(): string | null {
    const length = this.int16();
    if (length < 0) return null;
    this.need(length);
    const s = this.buf.toString('utf8', this.pos, this.pos + length);
    this.pos += length;
    return s;
  }

  string(): string {
    return this.nullableString() ?? '';
  }

  nullableBytes(): Buffer | null {
    const length = this.int32();
    if (length < 0) return null;
    this.need(length);
    const b = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return b;
  }

  array<T>(item: (r: Reader) => T): T[] {
    const count = this.int32();
    const out: T[] = [];
    for (let i = 0; i < count; i++) out.push(item(this));
    return out;
  }
}
