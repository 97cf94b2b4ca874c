import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { CALL_NAMES, type ApiEvents, type CallName, type EventName } from '../../shared/api.js';
import type { Handlers } from '../../engine/api/EngineApi.js';
import { toErrorInfo } from '../../engine/errors.js';

export interface BrowserServerOptions {
  handlers: Handlers;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  /** 0: any free port. */
  port: number;
}

const COOKIE = 'cutover_token';
const MAX_BODY = 1024 * 1024;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(req: IncomingMessage): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === COOKIE && value) return value;
  }
  return null;
}

/**
 * Browser mode: the renderer and the API (HTTP calls, a WebSocket for events) on 127.0.0.1 only,
 * behind a random token. A jump host is shared: anyone on it can reach its loopback port, so
 * every request without the token — the page, its assets, a call, a WebSocket upgrade — gets
 * 401. The URL printed at start carries the token once; the page then holds it in an HttpOnly,
 * SameSite=Strict cookie, which other sites' pages cannot send or read.
 */
export class BrowserServer {
  readonly token = randomBytes(24).toString('base64url');
  private readonly http: Server;
  private readonly sockets: WebSocketServer;

  constructor(private readonly opts: BrowserServerOptions) {
    this.http = createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        if (!res.headersSent) this.send(res, 500, { error: toErrorInfo(e) });
      });
    });
    this.sockets = new WebSocketServer({ noServer: true });
    this.http.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== '/api/events' || !this.authorised(req, url)) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
        return;
      }
      this.sockets.handleUpgrade(req, socket, head, (ws) => this.sockets.emit('connection', ws));
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(this.opts.port, '127.0.0.1', () => resolve());
    });
    const { port } = this.http.address() as AddressInfo;
    return `http://127.0.0.1:${port}/?token=${this.token}`;
  }

  /** Sends an event to every open page. */
  broadcast<K extends EventName>(name: K, payload: ApiEvents[K]): void {
    const message = JSON.stringify({ name, payload });
    for (const ws of this.sockets.clients) {
      if ((ws as WebSocket).readyState === 1) ws.send(message);
    }
  }

  async close(): Promise<void> {
    for (const ws of this.sockets.clients) ws.terminate();
    await new Promise<void>((resolve) => this.sockets.close(() => resolve()));
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private authorised(req: IncomingMessage, url: URL): boolean {
    const header = req.headers.authorization;
    const given =
      (header?.startsWith('Bearer ') ? header.slice(7) : null) ??
      url.searchParams.get('token') ??
      cookieToken(req);
    return given !== null && sameSecret(given, this.token);
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
    });
    res.end(JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!this.authorised(req, url)) {
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end('Unauthorized: open the URL `cutover serve` printed, token included.\n');
      return;
    }
    if (url.pathname.startsWith('/api/call/')) {
      await this.call(req, res, decodeURIComponent(url.pathname.slice('/api/call/'.length)));
      return;
    }
    await this.file(res, url);
  }

  private async call(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (req.method !== 'POST') return this.send(res, 405, { error: 'POST only' });
    if (!(CALL_NAMES as readonly string[]).includes(name)) {
      return this.send(res, 404, { error: `no such call: ${name}` });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) return this.send(res, 413, { error: 'request too large' });
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    const args: unknown = text ? JSON.parse(text) : [];
    if (!Array.isArray(args))
      return this.send(res, 400, { error: 'the body is the arguments array' });
    const handler = this.opts.handlers[name as CallName] as (...a: unknown[]) => Promise<unknown>;
    try {
      this.send(res, 200, { result: await handler(...args) });
    } catch (e) {
      this.send(res, 500, { error: toErrorInfo(e) });
    }
  }

  private async file(res: ServerResponse, url: URL): Promise<void> {
    const root = resolve(this.opts.rendererDir);
    const wanted = url.pathname === '/' ? '/index.html' : url.pathname;
    const path = normalize(join(root, decodeURIComponent(wanted)));
    if (!path.startsWith(root + sep)) {
      res.writeHead(404).end();
      return;
    }
    let body: Buffer;
    try {
      body = await readFile(path);
    } catch {
      res.writeHead(404).end();
      return;
    }
    const headers: Record<string, string> = {
      'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
    };
    if (url.searchParams.has('token')) {
      headers['set-cookie'] = `${COOKIE}=${this.token}; HttpOnly; SameSite=Strict; Path=/`;
    }
    res.writeHead(200, headers);
    res.end(body);
  }
}
