import { Buffer } from 'node:buffer';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions as TlsOptions } from 'node:tls';
import { brokerError, connectionError, KafkaProtocolError } from './Errors.js';
import { saslExchange, type SaslMechanism } from './Sasl.js';
import { Reader, Writer } from './Wire.js';

export const API = {
  produce: 0,
  metadata: 3,
  saslHandshake: 17,
  apiVersions: 18,
  saslAuthenticate: 36,
} as const;

/**
 * The versions Cutover speaks: the newest and oldest of each it can use. Every broker since
 * Kafka 0.11 accepts them, and Kafka 4 still does.
 */
const VERSIONS = { produce: [3, 3], metadata: [1, 4] } as const;

export interface ConnectionOptions {
  host: string;
  port: number;
  clientId: string;
  tls?: TlsOptions;
  sasl?: { mechanism: SaslMechanism; username: string; password: string };
  connectTimeoutMs: number;
  requestTimeoutMs: number;
}

interface Waiting {
  resolve(r: Reader): void;
  reject(e: unknown): void;
  timer: NodeJS.Timeout;
}

/**
 * One connection to one broker: requests framed and numbered, answers matched to them. Opening
 * it checks that the broker speaks the versions Cutover uses, then authenticates with SASL.
 */
export class KafkaConnection {
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private inbox: Buffer = Buffer.alloc(0);
  private failed: KafkaProtocolError | null = null;
  /** The version of each request this broker and Cutover agreed on. */
  readonly versions = { produce: 3, metadata: 4 };

  private constructor(
    private readonly socket: Socket,
    private readonly opts: ConnectionOptions,
  ) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (e) => this.fail(connectionError(`${this.address}: ${e.message}`)));
    socket.on('close', () => this.fail(connectionError(`${this.address}: connection closed`)));
  }

  get address(): string {
    return `${this.opts.host}:${this.opts.port}`;
  }

  get closed(): boolean {
    return this.failed !== null;
  }

  static async open(opts: ConnectionOptions): Promise<KafkaConnection> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const where = `${opts.host}:${opts.port}`;
      const s = opts.tls
        ? tlsConnect({
            ...opts.tls,
            host: opts.host,
            port: opts.port,
            servername: serverName(opts.host),
          })
        : netConnect({ host: opts.host, port: opts.port });
      s.setNoDelay(true);
      const timer = setTimeout(() => {
        s.destroy();
        reject(connectionError(`${where}: no connection within ${opts.connectTimeoutMs} ms`));
      }, opts.connectTimeoutMs);
      s.once(opts.tls ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        s.removeAllListeners('error');
        resolve(s);
      });
      s.once('error', (e) => {
        clearTimeout(timer);
        reject(connectionError(`${where}: ${e.message}`));
      });
    });
    const connection = new KafkaConnection(socket, opts);
    try {
      await connection.checkVersions();
      if (opts.sasl) await connection.authenticate(opts.sasl);
    } catch (e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  /** Sends a request whose body `write` writes; resolves with the answer after its header. */
  request(
    apiKey: number,
    version: number,
    write: (w: Writer) => void,
    sizeHint = 256,
  ): Promise<Reader> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    if (this.nextId > 0x7fffffff) this.nextId = 1;
    const w = new Writer(sizeHint + 64);
    w.int32(0);
    w.int16(apiKey).int16(version).int32(id).nullableString(this.opts.clientId);
    write(w);
    w.int32At(0, w.pos - 4);
    return new Promise<Reader>((resolve, reject) => {
      const timer = setTimeout(() => {
        // Answers come in order: one that never came leaves the connection unusable.
        this.fail(
          connectionError(`${this.address}: no answer within ${this.opts.requestTimeoutMs} ms`),
        );
      }, this.opts.requestTimeoutMs);
      this.waiting.set(id, { resolve, reject, timer });
      this.socket.write(w.view());
    });
  }

  close(): void {
    this.fail(connectionError(`${this.address}: connection closed`));
  }

  private receive(chunk: Buffer): void {
    this.inbox = this.inbox.length === 0 ? chunk : Buffer.concat([this.inbox, chunk]);
    while (this.inbox.length >= 4) {
      const size = this.inbox.readInt32BE(0);
      if (this.inbox.length < 4 + size) break;
      const frame = this.inbox.subarray(4, 4 + size);
      this.inbox = this.inbox.subarray(4 + size);
      const r = new Reader(frame);
      const id = r.int32();
      const w = this.waiting.get(id);
      if (!w) continue;
      this.waiting.delete(id);
      clearTimeout(w.timer);
      w.resolve(r);
    }
  }

  private fail(e: KafkaProtocolError): void {
    if (this.failed) return;
    this.failed = e;
    this.socket.destroy();
    for (const w of this.waiting.values()) {
      clearTimeout(w.timer);
      w.reject(e);
    }
    this.waiting.clear();
  }

  private async checkVersions(): Promise<void> {
    const r = await this.request(API.apiVersions, 0, () => undefined);
    const error = r.int16();
    if (error !== 0) throw brokerError(error, `${this.address} ApiVersions`);
    const ranges = new Map(r.array((x) => [x.int16(), [x.int16(), x.int16()]] as const));
    for (const [name, [oldest, newest]] of Object.entries(VERSIONS)) {
      const range = ranges.get(API[name as keyof typeof VERSIONS]);
      const version = range ? Math.min(newest, range[1]) : -1;
      if (!range || version < oldest || version < range[0]) {
        throw new KafkaProtocolError(
          `${this.address} does not accept ${name} requests of versions ${oldest} to ${newest}` +
            (range ? ` (it accepts ${range[0]} to ${range[1]})` : '') +
            ': Cutover needs Kafka 0.11 or later.',
          'UNSUPPORTED_VERSION',
          false,
        );
      }
      this.versions[name as keyof typeof VERSIONS] = version;
    }
  }

  private async authenticate(sasl: NonNullable<ConnectionOptions['sasl']>): Promise<void> {
    const exchange = saslExchange(sasl.mechanism, sasl.username, sasl.password);
    const hs = await this.request(API.saslHandshake, 1, (w) => w.string(exchange.name));
    const error = hs.int16();
    if (error !== 0) {
      const offered = hs.array((x) => x.string());
      throw brokerError(
        error,
        `${this.address} SASL`,
        `the broker offers ${offered.join(', ') || 'none'}`,
      );
    }
    let answer: Buffer | null = null;
    for (;;) {
      const message = exchange.next(answer);
      if (message === null) return;
      const r = await this.request(API.saslAuthenticate, 0, (w) => w.sizedBytes(message));
      const code = r.int16();
      const detail = r.nullableString();
      if (code !== 0)
        throw brokerError(
          code,
          `${this.address} SASL ${exchange.name} as "${sasl.username}"`,
          detail,
        );
      answer = r.nullableBytes();
    }
  }
}

/** TLS server names are host names only; an IP address is checked against the certificate's IPs. */
function serverName(host: string): string | undefined {
  return /^[\d.]+$|:/.test(host) ? undefined : host;
}
