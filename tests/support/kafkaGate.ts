// An authenticating front ("gate") for librdkafka's mock cluster, which speaks plaintext Kafka
// only: the gate terminates TLS and SASL (PLAIN, SCRAM-SHA-256/512) itself and forwards every
// other request to the mock broker behind it, so the clients' SASL and TLS options can be tested
// against a real broker. Metadata responses are rewritten to advertise the gate's listeners, so
// clients stay behind the gate after bootstrapping.

import { execFile } from 'node:child_process';
import { createHash, createHmac, pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';

export interface GateOptions {
  /** Upstream mock brokers, as startKafkaMock returns them (host:port). */
  upstream: string[];
  /** Accepted credentials; when absent, no SASL is required. */
  sasl?: {
    mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
    username: string;
    password: string;
  };
  /** When present, the gate listens with TLS using this cert/key (PEM strings). */
  tls?: { cert: string; key: string };
}

export interface Gate {
  /** `127.0.0.1:port` of each listener, in the order of `upstream`. */
  bootstrap: string[];
  /** Connections refused by failed authentication (wrong credentials or mechanism). */
  refused: number;
  stop(): Promise<void>;
}

const API_METADATA = 3;
const API_SASL_HANDSHAKE = 17;
const API_API_VERSIONS = 18;
const API_SASL_AUTHENTICATE = 36;
const UNSUPPORTED_SASL_MECHANISM = 33;
const UNSUPPORTED_VERSION = 35;
const SASL_AUTHENTICATION_FAILED = 58;
/** Metadata v9 and later are flexible (compact strings, tagged fields): not parsed here. */
const METADATA_MAX_VERSION = 8;
/** ApiVersions v3 is flexible; older versions share one simple layout. */
const API_VERSIONS_MAX_VERSION = 2;
const SCRAM_ITERATIONS = 4096;

// ---------------------------------------------------------------------------------------------
// Wire format

/** Splits a byte stream into Kafka frames (int32 big-endian length + payload). */
class FrameReader {
  private buffered: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Buffer[] {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    const frames: Buffer[] = [];
    while (this.buffered.length >= 4) {
      const size = this.buffered.readInt32BE(0);
      if (this.buffered.length < 4 + size) break;
      frames.push(this.buffered.subarray(4, 4 + size));
      this.buffered = this.buffered.subarray(4 + size);
    }
    return frames;
  }
}

/** Reads the fields of a non-flexible message; throws a RangeError past its end. */
class Reader {
  constructor(
    private readonly buf: Buffer,
    public offset = 0,
  ) {}

  int16(): number {
    const v = this.buf.readInt16BE(this.offset);
    this.offset += 2;
    return v;
  }

  int32(): number {
    const v = this.buf.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  /** STRING or NULLABLE_STRING (int16 length, -1 = null). */
  string(): string | null {
    const size = this.int16();
    if (size < 0) return null;
    return this.take(size).toString('utf8');
  }

  /** BYTES (int32 length). */
  bytes(): Buffer {
    return this.take(this.int32());
  }

  rest(): Buffer {
    return this.buf.subarray(this.offset);
  }

  private take(size: number): Buffer {
    if (this.offset + size > this.buf.length) throw new RangeError('truncated message');
    const v = this.buf.subarray(this.offset, this.offset + size);
    this.offset += size;
    return v;
  }
}

const int16 = (v: number): Buffer => {
  const b = Buffer.alloc(2);
  b.writeInt16BE(v);
  return b;
};
const int32 = (v: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(v);
  return b;
};
const string = (v: string | null): Buffer => {
  if (v === null) return int16(-1);
  const s = Buffer.from(v, 'utf8');
  return Buffer.concat([int16(s.length), s]);
};
const bytes = (v: Buffer): Buffer => Buffer.concat([int32(v.length), v]);
const frame = (payload: Buffer): Buffer => Buffer.concat([int32(payload.length), payload]);

interface RequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
}

function requestHeader(req: Buffer): RequestHeader {
  const r = new Reader(req);
  return { apiKey: r.int16(), apiVersion: r.int16(), correlationId: r.int32() };
}

/** The body of a request with header v1 (the SASL requests gated here are all non-flexible). */
function requestBody(req: Buffer): Reader {
  const r = new Reader(req, 8);
  r.string(); // client_id
  return r;
}

/** A response: header v0 (correlation_id) + body. */
const response = (correlationId: number, ...body: Buffer[]): Buffer =>
  frame(Buffer.concat([int32(correlationId), ...body]));

// ---------------------------------------------------------------------------------------------
// Response rewriting

interface ApiVersion {
  apiKey: number;
  min: number;
  max: number;
}

const SASL_APIS: ApiVersion[] = [
  { apiKey: API_SASL_HANDSHAKE, min: 0, max: 1 },
  { apiKey: API_SASL_AUTHENTICATE, min: 0, max: 1 },
];

function apiVersionsBody(errorCode: number, apis: ApiVersion[]): Buffer {
  return Buffer.concat([
    int16(errorCode),
    int32(apis.length),
    ...apis.map((a) => Buffer.concat([int16(a.apiKey), int16(a.min), int16(a.max)])),
  ]);
}

/**
 * Adds the SASL APIs to an ApiVersions v0–v2 response body: the mock broker does not list them,
 * and kafkajs only authenticates with SaslAuthenticate when the broker lists it.
 */
function withSaslApis(body: Buffer): Buffer {
  const r = new Reader(body);
  const errorCode = r.int16();
  if (errorCode !== 0) return body;
  const apis: ApiVersion[] = [];
  for (let n = r.int32(); n > 0; n--) {
    apis.push({ apiKey: r.int16(), min: r.int16(), max: r.int16() });
  }
  const others = apis.filter(
    (a) => a.apiKey !== API_SASL_HANDSHAKE && a.apiKey !== API_SASL_AUTHENTICATE,
  );
  // v1+ go on with throttle_time_ms, copied as is.
  return Buffer.concat([apiVersionsBody(0, [...others, ...SASL_APIS]), r.rest()]);
}

/**
 * Points the brokers of a Metadata v0–v8 response body at the gate's listeners. Only the
 * brokers array is rewritten; the topics after it are copied as they are.
 */
function withGateBrokers(body: Buffer, version: number, listenerFor: Map<string, number>): Buffer {
  const r = new Reader(body);
  if (version >= 3) r.int32(); // throttle_time_ms
  const head = body.subarray(0, r.offset);
  const brokers: Buffer[] = [];
  const count = r.int32();
  for (let n = 0; n < count; n++) {
    const nodeId = r.int32();
    const host = r.string() ?? '';
    const port = r.int32();
    const rackStart = r.offset;
    if (version >= 1) r.string(); // rack
    const rack = body.subarray(rackStart, r.offset);
    // A broker the gate does not front is advertised as it is.
    const listener = listenerFor.get(`${host}:${port}`);
    brokers.push(
      listener === undefined
        ? Buffer.concat([int32(nodeId), string(host), int32(port), rack])
        : Buffer.concat([int32(nodeId), string('127.0.0.1'), int32(listener), rack]),
    );
  }
  return Buffer.concat([head, int32(count), ...brokers, r.rest()]);
}

// ---------------------------------------------------------------------------------------------
// SASL, server side

type Sasl = NonNullable<GateOptions['sasl']>;

/** One step of a SASL exchange: bytes for the client, or a failure message. */
type Step = { ok: true; reply: Buffer; done: boolean } | { ok: false; message: string };

interface SaslServer {
  step(token: Buffer): Step;
}

const failed = (message: string): Step => ({ ok: false, message });

function plainServer(creds: Sasl): SaslServer {
  return {
    step(token) {
      // RFC 4616: authzid NUL authcid NUL passwd; the authzid may only name the user itself.
      const [authzid, user, password, ...extra] = token.toString('utf8').split('\0');
      if (
        extra.length === 0 &&
        (authzid === '' || authzid === user) &&
        user === creds.username &&
        password === creds.password
      ) {
        return { ok: true, reply: Buffer.alloc(0), done: true };
      }
      return failed('Authentication failed: Invalid username or password');
    },
  };
}

interface ScramKeys {
  hash: 'sha256' | 'sha512';
  salt: Buffer;
  storedKey: Buffer;
  serverKey: Buffer;
}

/** Derives the stored credentials of RFC 5802, once per gate, as a broker would store them. */
async function scramKeys(hash: ScramKeys['hash'], password: string): Promise<ScramKeys> {
  const salt = randomBytes(16);
  const length = hash === 'sha256' ? 32 : 64;
  const salted = await promisify(pbkdf2)(password, salt, SCRAM_ITERATIONS, length, hash);
  const clientKey = createHmac(hash, salted).update('Client Key').digest();
  return {
    hash,
    salt,
    storedKey: createHash(hash).update(clientKey).digest(),
    serverKey: createHmac(hash, salted).update('Server Key').digest(),
  };
}

/** `a=value` attributes of a SCRAM message. */
function attributes(message: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const part of message.split(',')) {
    const eq = part.indexOf('=');
    if (eq === 1) attrs.set(part.slice(0, 1), part.slice(2));
  }
  return attrs;
}

/** RFC 5802 §5.1: ',' and '=' are sent as '=2C' and '=3D'. */
const decodeSaslName = (name: string): string => name.replace(/=2C/g, ',').replace(/=3D/g, '=');

function scramServer(creds: Sasl, keys: ScramKeys): SaslServer {
  const invalid = failed(
    `Authentication failed during authentication due to invalid credentials with SASL mechanism ${creds.mechanism.toUpperCase()}`,
  );
  let first: { gs2Header: string; bare: string; serverFirst: string; nonce: string } | undefined;
  return {
    step(token) {
      const message = token.toString('utf8');
      if (!first) {
        // client-first-message: gs2-header (cbind flag "," [authzid] ",") client-first-bare
        const match = /^([ny]),(a=[^,]*)?,(.*)$/.exec(message);
        if (!match) return failed('Invalid SCRAM client first message (no channel binding here)');
        const bare = match[3] ?? '';
        const attrs = attributes(bare);
        const user = attrs.get('n');
        const clientNonce = attrs.get('r');
        if (user === undefined || !clientNonce) return failed('Invalid SCRAM client first message');
        if (decodeSaslName(user) !== creds.username) return invalid;
        const nonce = clientNonce + randomBytes(18).toString('base64');
        const serverFirst = `r=${nonce},s=${keys.salt.toString('base64')},i=${SCRAM_ITERATIONS}`;
        first = {
          gs2Header: message.slice(0, message.length - bare.length),
          bare,
          serverFirst,
          nonce,
        };
        return { ok: true, reply: Buffer.from(serverFirst), done: false };
      }
      // client-final-message: c=base64(gs2-header),r=nonce[,...],p=proof
      const proofAt = message.lastIndexOf(',p=');
      const withoutProof = message.slice(0, proofAt);
      const attrs = attributes(withoutProof);
      if (
        proofAt < 0 ||
        attrs.get('c') !== Buffer.from(first.gs2Header).toString('base64') ||
        attrs.get('r') !== first.nonce
      ) {
        return failed('Invalid SCRAM client final message');
      }
      const proof = Buffer.from(message.slice(proofAt + 3), 'base64');
      const authMessage = `${first.bare},${first.serverFirst},${withoutProof}`;
      const clientSignature = createHmac(keys.hash, keys.storedKey).update(authMessage).digest();
      if (proof.length !== clientSignature.length) return invalid;
      // ClientKey = ClientProof XOR ClientSignature; it must hash to the StoredKey.
      const clientKey = Buffer.from(proof.map((b, i) => b ^ (clientSignature[i] ?? 0)));
      if (!timingSafeEqual(createHash(keys.hash).update(clientKey).digest(), keys.storedKey)) {
        return invalid;
      }
      const signature = createHmac(keys.hash, keys.serverKey).update(authMessage).digest();
      return { ok: true, reply: Buffer.from(`v=${signature.toString('base64')}`), done: true };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The gate

/** One client connection and the upstream connection it is forwarded to. */
function serveConnection(
  client: net.Socket,
  upstreamAddress: string,
  ctx: {
    sasl: Sasl | undefined;
    newSaslServer: () => SaslServer;
    listenerFor: Map<string, number>;
    track: (s: net.Socket) => void;
    onRefused: () => void;
  },
): void {
  const [host = '', port = ''] = splitHostPort(upstreamAddress);
  const upstream = net.connect(Number(port), host);
  ctx.track(client);
  ctx.track(upstream);
  const close = (): void => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', close).on('close', close);
  upstream.on('error', close).on('close', close);

  const saslMechanism = ctx.sasl?.mechanism.toUpperCase();
  let authenticated = !ctx.sasl;
  let saslServer: SaslServer | undefined;
  /** Forwarded requests whose responses get rewritten, by correlation id. */
  const rewrites = new Map<number, RequestHeader>();
  // The gate's own replies wait for the forwarded ApiVersions still in flight, so that the
  // client sees its responses in request order, as Kafka promises.
  const held: { data: Buffer; end: boolean }[] = [];
  /** Set once the gate has refused the client: nothing it sends after that counts. */
  let ending = false;
  const send = (data: Buffer, end: boolean): void => {
    if (end) client.end(data);
    else client.write(data);
  };
  const reply = (data: Buffer, end = false): void => {
    ending ||= end;
    if (rewrites.size > 0) held.push({ data, end });
    else send(data, end);
  };
  const flushHeld = (): void => {
    if (rewrites.size === 0) for (const h of held.splice(0)) send(h.data, h.end);
  };

  const onRequest = (req: Buffer): void => {
    if (ending) return;
    const h = requestHeader(req);
    if (ctx.sasl && (h.apiKey === API_SASL_HANDSHAKE || h.apiKey === API_SASL_AUTHENTICATE)) {
      if (h.apiVersion > 1) return close();
      const body = requestBody(req);
      if (h.apiKey === API_SASL_HANDSHAKE) {
        const mechanism = body.string();
        if (authenticated || saslServer) return close();
        if (mechanism !== saslMechanism) {
          ctx.onRefused();
          reply(
            response(
              h.correlationId,
              int16(UNSUPPORTED_SASL_MECHANISM),
              int32(1),
              string(saslMechanism ?? ''),
            ),
            true,
          );
          return;
        }
        saslServer = ctx.newSaslServer();
        reply(response(h.correlationId, int16(0), int32(1), string(mechanism)));
        return;
      }
      if (!saslServer || authenticated) return close();
      const step = saslServer.step(body.bytes());
      // v1 adds session_lifetime_ms; 0 = the session does not expire, no re-authentication.
      const lifetime = h.apiVersion >= 1 ? [int32(0), int32(0)] : [];
      if (!step.ok) {
        ctx.onRefused();
        const failure = [int16(SASL_AUTHENTICATION_FAILED), string(step.message)];
        reply(response(h.correlationId, ...failure, bytes(Buffer.alloc(0)), ...lifetime), true);
        return;
      }
      authenticated = step.done;
      reply(response(h.correlationId, int16(0), string(null), bytes(step.reply), ...lifetime));
      return;
    }
    if (h.apiKey === API_API_VERSIONS && ctx.sasl) {
      if (h.apiVersion > API_VERSIONS_MAX_VERSION) {
        // As a broker does for a version it does not know: UNSUPPORTED_VERSION with a v0 body
        // listing the ApiVersions versions it does support; the client retries with one.
        reply(
          response(
            h.correlationId,
            apiVersionsBody(UNSUPPORTED_VERSION, [
              { apiKey: API_API_VERSIONS, min: 0, max: API_VERSIONS_MAX_VERSION },
            ]),
          ),
        );
        return;
      }
      rewrites.set(h.correlationId, h);
    } else if (!authenticated) {
      return close();
    } else if (h.apiKey === API_METADATA) {
      if (h.apiVersion > METADATA_MAX_VERSION) return close();
      rewrites.set(h.correlationId, h);
    }
    upstream.write(frame(req));
  };

  const onResponse = (res: Buffer): void => {
    const correlationId = res.readInt32BE(0);
    const h = rewrites.get(correlationId);
    if (!h) {
      client.write(frame(res));
      return;
    }
    rewrites.delete(correlationId);
    const body = res.subarray(4);
    const rewritten =
      h.apiKey === API_API_VERSIONS
        ? withSaslApis(body)
        : withGateBrokers(body, h.apiVersion, ctx.listenerFor);
    client.write(response(correlationId, rewritten));
    flushHeld();
  };

  // A malformed frame either way ends the connection instead of crashing the test process.
  const guarded =
    (handle: (frame: Buffer) => void) =>
    (f: Buffer): void => {
      try {
        handle(f);
      } catch {
        close();
      }
    };
  const fromClient = new FrameReader();
  const fromUpstream = new FrameReader();
  client.on('data', (chunk: Buffer) => fromClient.push(chunk).forEach(guarded(onRequest)));
  upstream.on('data', (chunk: Buffer) => fromUpstream.push(chunk).forEach(guarded(onResponse)));
}

function splitHostPort(address: string): [string, string] {
  const colon = address.lastIndexOf(':');
  return [address.slice(0, colon), address.slice(colon + 1)];
}

/** Starts one gate listener per upstream broker on 127.0.0.1; resolves once all listen. */
export async function startKafkaGate(opts: GateOptions): Promise<Gate> {
  const { sasl } = opts;
  const keys =
    sasl && sasl.mechanism !== 'plain'
      ? await scramKeys(sasl.mechanism === 'scram-sha-256' ? 'sha256' : 'sha512', sasl.password)
      : undefined;
  const newSaslServer = (): SaslServer => {
    if (!sasl) throw new Error('no SASL configured');
    return keys ? scramServer(sasl, keys) : plainServer(sasl);
  };
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket): void => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  };
  const listenerFor = new Map<string, number>();
  const gate: Gate = { bootstrap: [], refused: 0, stop };

  const servers = opts.upstream.map((upstreamAddress) => {
    const onConnection = (client: net.Socket): void =>
      serveConnection(client, upstreamAddress, {
        sasl,
        newSaslServer,
        listenerFor,
        track,
        onRefused: () => (gate.refused += 1),
      });
    const server = opts.tls
      ? tls.createServer({ cert: opts.tls.cert, key: opts.tls.key }, onConnection)
      : net.createServer(onConnection);
    // Raw sockets, TLS or not, including those that never finish a TLS handshake.
    server.on('connection', track);
    return server;
  });
  await Promise.all(
    servers.map(
      (server, i) =>
        new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            if (!address || typeof address === 'string') return reject(new Error('no address'));
            listenerFor.set(opts.upstream[i] ?? '', address.port);
            gate.bootstrap[i] = `127.0.0.1:${address.port}`;
            resolve();
          });
        }),
    ),
  );

  async function stop(): Promise<void> {
    const closed = servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
    for (const s of sockets) s.destroy();
    await Promise.all(closed);
  }
  return gate;
}

// ---------------------------------------------------------------------------------------------
// Certificates

const openssl = (cwd: string, args: string[]) =>
  promisify(execFile)('/usr/bin/openssl', args, { cwd });

/**
 * A throwaway self-signed CA + server cert for 127.0.0.1/localhost, made with the openssl CLI in
 * a temp dir. Returns PEM strings.
 */
export async function makeTestCertificates(): Promise<{
  ca: string;
  cert: string;
  key: string;
  caPath: string;
  dir: string;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'cutover-certs-'));
  // A config of our own: the system's openssl.cnf may add or forbid extensions.
  await writeFile(
    join(dir, 'openssl.cnf'),
    [
      '[req]',
      'distinguished_name = dn',
      'prompt = no',
      '[dn]',
      'CN = Cutover test',
      '[ca]',
      'basicConstraints = critical, CA:TRUE',
      'keyUsage = critical, keyCertSign, cRLSign',
      'subjectKeyIdentifier = hash',
      '[server]',
      'basicConstraints = critical, CA:FALSE',
      'keyUsage = critical, digitalSignature, keyEncipherment',
      'extendedKeyUsage = serverAuth',
      'subjectAltName = IP:127.0.0.1, DNS:localhost',
      'authorityKeyIdentifier = keyid',
      '',
    ].join('\n'),
  );
  // EC keys: generated in milliseconds, unlike RSA. No argument below contains a space.
  const newKey = '-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -config openssl.cnf';
  for (const command of [
    `req -x509 ${newKey} -extensions ca -subj /CN=cutover-test-ca -days 2 -keyout ca.key -out ca.pem`,
    `req -new ${newKey} -subj /CN=localhost -keyout server.key -out server.csr`,
    'x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 ' +
      '-extfile openssl.cnf -extensions server -out server.pem',
  ]) {
    await openssl(dir, command.split(' '));
  }
  const caPath = join(dir, 'ca.pem');
  return {
    ca: await readFile(caPath, 'utf8'),
    cert: await readFile(join(dir, 'server.pem'), 'utf8'),
    key: await readFile(join(dir, 'server.key'), 'utf8'),
    caPath,
    dir,
  };
}
