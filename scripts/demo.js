// `npm run demo`: Cutover with something to migrate, for a first look. Starts two throwaway
// MariaDB servers (a source with a small `shop` database and the binlog on, and an empty target
// standing in for OceanBase), browser mode on a private state dir with a ready-made task, and
// opens it. Ctrl-C stops everything and deletes it all.
//
//   npm run demo                  # opens the app in the default browser
//   npm run demo -- --no-open     # only prints the URL
//   npm run demo -- --electron    # the desktop app instead of the browser (needs Electron)

import { Buffer } from 'node:buffer';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import mysql from 'mysql2/promise';
import { MARIADBD, startMariaDb } from './mariadb-server.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TASK_NAME = 'shop-demo';
const STOP_WAIT_MS = 30_000;

const { values: flags } = parseArgs({
  options: {
    'no-open': { type: 'boolean', default: false },
    electron: { type: 'boolean', default: false },
  },
});

function onPath(command) {
  if (isAbsolute(command)) return existsSync(command);
  // Debian keeps the server tools in /usr/sbin, which a non-root PATH may lack.
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'];
  return dirs.some((dir) => dir && existsSync(join(dir, command)));
}

function requireMariaDb() {
  if (onPath(MARIADBD) && onPath('mariadb-install-db')) return;
  console.error(
    [
      'The demo runs two throwaway MariaDB servers, and MariaDB is not installed here.',
      'Install it, then run `npm run demo` again:',
      '  Debian/Ubuntu: sudo apt-get install mariadb-server',
      '  Fedora/RHEL:   sudo dnf install mariadb-server',
      '  macOS:         brew install mariadb',
      'The demo starts private servers of its own on free ports: a MariaDB service you run is',
      'neither used nor changed.',
    ].join('\n'),
  );
  process.exit(1);
}

function buildIfNeeded() {
  const built =
    existsSync(join(ROOT, 'dist', 'cli', 'cutover.mjs')) &&
    existsSync(join(ROOT, 'dist', 'renderer', 'index.html')) &&
    existsSync(join(ROOT, 'dist', 'main', 'electron', 'main.js'));
  if (built) return;
  console.log('Building Cutover (first run only)…');
  const npm = process.env.npm_execpath;
  const result = npm
    ? spawnSync(process.execPath, [npm, 'run', 'build'], { cwd: ROOT, stdio: 'inherit' })
    : spawnSync('npm', ['run', 'build'], {
        cwd: ROOT,
        stdio: 'inherit',
        shell: process.platform === 'win32',
      });
  if (result.status !== 0) {
    console.error('The build failed (see above). Run `npm install`, then `npm run demo` again.');
    process.exit(1);
  }
}

// ---------------------------------------------------------------------------------------------
// The sample database. Generated from a fixed seed, so every demo has the same rows.

/** A small seeded PRNG (mulberry32): the same sequence every run. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SCHEMA = [
  `CREATE DATABASE shop CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
  `CREATE TABLE shop.customers (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
     email VARCHAR(190) NOT NULL,
     full_name VARCHAR(100) NOT NULL,
     country CHAR(2) NOT NULL,
     tier ENUM('standard','silver','gold') NOT NULL DEFAULT 'standard',
     preferences JSON NULL,
     created_at DATETIME NOT NULL,
     UNIQUE KEY uk_customers_email (email)
   )`,
  `CREATE TABLE shop.products (
     id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
     sku VARCHAR(32) NOT NULL,
     name VARCHAR(200) NOT NULL,
     description TEXT NULL,
     price DECIMAL(10,2) NOT NULL,
     weight_kg DECIMAL(7,3) NULL,
     in_stock BOOLEAN NOT NULL DEFAULT TRUE,
     attributes JSON NULL,
     UNIQUE KEY uk_products_sku (sku)
   )`,
  `CREATE TABLE shop.orders (
     id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
     customer_id INT UNSIGNED NOT NULL,
     status ENUM('new','paid','shipped','delivered','cancelled') NOT NULL,
     total DECIMAL(12,2) NOT NULL,
     currency CHAR(3) NOT NULL DEFAULT 'EUR',
     placed_at DATETIME(3) NOT NULL,
     shipped_on DATE NULL,
     note VARCHAR(500) NULL,
     KEY idx_orders_customer (customer_id, placed_at),
     CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES shop.customers (id)
   )`,
  `CREATE TABLE shop.order_items (
     order_id BIGINT UNSIGNED NOT NULL,
     line_no SMALLINT UNSIGNED NOT NULL,
     product_id INT UNSIGNED NOT NULL,
     quantity SMALLINT UNSIGNED NOT NULL,
     unit_price DECIMAL(10,2) NOT NULL,
     PRIMARY KEY (order_id, line_no),
     CONSTRAINT fk_items_order FOREIGN KEY (order_id) REFERENCES shop.orders (id),
     CONSTRAINT fk_items_product FOREIGN KEY (product_id) REFERENCES shop.products (id)
   )`,
  // An append-only log without a primary key, as many real schemas have one.
  `CREATE TABLE shop.page_views (
     viewed_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
     customer_id INT UNSIGNED NULL,
     path VARCHAR(255) NOT NULL,
     referrer VARCHAR(255) NULL
   )`,
  `CREATE VIEW shop.customer_totals AS
     SELECT c.id AS customer_id, c.full_name, COUNT(o.id) AS orders,
            COALESCE(SUM(o.total), 0) AS spent
     FROM shop.customers c LEFT JOIN shop.orders o ON o.customer_id = c.id
     GROUP BY c.id, c.full_name`,
];

const FIRST = [
  'Anna',
  'José',
  'Zoë',
  'Mårten',
  'Łukasz',
  'Chloé',
  'Søren',
  'Ayşe',
  'Nguyễn',
  'Olu',
];
const FIRST_CJK = ['伟', '芳', '娜', '秀英', '敏', '翔太', 'さくら', '지훈'];
const LAST = ['Müller', 'García', 'Øster', 'Kowalski', 'Dubois', 'Yılmaz', "O'Brien", 'Smith'];
const LAST_CJK = ['王', '李', '张', '刘', '佐藤', '김'];
const COUNTRIES = ['DE', 'ES', 'FR', 'PL', 'DK', 'TR', 'CN', 'JP', 'KR', 'US', 'GB', 'VN'];
const ADJECTIVES = ['Classic', 'Compact', 'Deluxe', 'Eco', 'Heavy-duty', 'Mini', 'Smart', 'Ultra'];
const NOUNS = ['Kettle', 'Lamp', 'Backpack', 'Desk', 'Headphones', 'Teapot', 'Umbrella', 'Mug'];
const COLOURS = ['black', 'white', 'red', 'sea green', 'burnt orange'];
const NOTES = [
  null,
  null,
  null,
  'Leave at the door',
  'Gift wrap please 🎁',
  'Rückruf vor Lieferung',
  '请在工作日送货',
  'Deliver after 18:00 — ring twice',
];
const PATHS = ['/', '/search', '/cart', '/checkout', '/account', '/products/', '/help/shipping'];
const STATUSES = ['new', 'paid', 'paid', 'shipped', 'delivered', 'delivered', 'cancelled'];

const pad = (n, width = 2) => String(n).padStart(width, '0');
const dateTime = (ms, withMs = false) => {
  const d = new Date(ms);
  const text = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(
    d.getUTCHours(),
  )}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return withMs ? `${text}.${pad(d.getUTCMilliseconds(), 3)}` : text;
};
const cents = (c) => `${Math.floor(c / 100)}.${pad(c % 100)}`;

function sampleRows() {
  const rnd = random(20240901);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const START = Date.UTC(2023, 0, 1);
  const SPAN = 600 * 86_400_000;

  const customers = [];
  for (let id = 1; id <= 500; id++) {
    const cjk = rnd() < 0.25;
    const name = cjk ? `${pick(LAST_CJK)}${pick(FIRST_CJK)}` : `${pick(FIRST)} ${pick(LAST)}`;
    const prefs =
      rnd() < 0.2
        ? null
        : JSON.stringify({
            newsletter: rnd() < 0.5,
            language: pick(['en', 'de', 'zh', 'es', 'ja']),
            tags: rnd() < 0.3 ? ['vip'] : [],
          });
    customers.push([
      id,
      `customer${id}@example.com`,
      name,
      pick(COUNTRIES),
      pick(['standard', 'standard', 'standard', 'silver', 'gold']),
      prefs,
      dateTime(START + Math.floor(rnd() * SPAN)),
    ]);
  }

  const products = [];
  const prices = [];
  for (let id = 1; id <= 200; id++) {
    const price = 199 + Math.floor(rnd() * 49_800);
    prices.push(price);
    products.push([
      id,
      `SKU-${pad(id, 5)}`,
      `${pick(ADJECTIVES)} ${pick(NOUNS)} ${id}`,
      rnd() < 0.1 ? null : `${pick(ADJECTIVES)} and reliable. Ships in 2–3 days. ✓`,
      cents(price),
      rnd() < 0.15 ? null : (0.05 + rnd() * 20).toFixed(3),
      rnd() < 0.9,
      JSON.stringify({ colour: pick(COLOURS), size: pick(['S', 'M', 'L']), warrantyYears: 2 }),
    ]);
  }

  const orders = [];
  const items = [];
  for (let id = 1; id <= 3000; id++) {
    const placed = START + Math.floor(rnd() * SPAN);
    const status = pick(STATUSES);
    const lines = 1 + Math.floor(rnd() * 4);
    let total = 0;
    for (let line = 1; line <= lines; line++) {
      const product = 1 + Math.floor(rnd() * products.length);
      const quantity = 1 + Math.floor(rnd() * 3);
      const unit = prices[product - 1] ?? 0;
      total += unit * quantity;
      items.push([id, line, product, quantity, cents(unit)]);
    }
    const shipped =
      status === 'shipped' || status === 'delivered'
        ? dateTime(placed + (1 + Math.floor(rnd() * 5)) * 86_400_000).slice(0, 10)
        : null;
    orders.push([
      id,
      1 + Math.floor(rnd() * customers.length),
      status,
      cents(total),
      'EUR',
      dateTime(placed, true),
      shipped,
      pick(NOTES),
    ]);
  }

  const views = [];
  for (let i = 0; i < 2000; i++) {
    const path = pick(PATHS);
    views.push([
      dateTime(START + Math.floor(rnd() * SPAN)),
      rnd() < 0.4 ? null : 1 + Math.floor(rnd() * customers.length),
      path === '/products/' ? `${path}${1 + Math.floor(rnd() * 200)}` : path,
      rnd() < 0.5 ? null : pick(['https://www.example.org/', 'https://search.example/?q=kettle']),
    ]);
  }
  // Identical rows, which a table without a key may hold and a copy must keep.
  views.push(views[0], views[0]);

  return { customers, products, orders, items, views };
}

async function loadSample(server) {
  const conn = await mysql.createConnection({
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    charset: 'utf8mb4',
    timezone: 'Z',
  });
  try {
    await conn.query("SET time_zone = '+00:00'");
    for (const statement of SCHEMA) await conn.query(statement);
    const rows = sampleRows();
    const insert = async (table, columns, values) => {
      for (let i = 0; i < values.length; i += 1000) {
        await conn.query(`INSERT INTO shop.${table} (${columns}) VALUES ?`, [
          values.slice(i, i + 1000),
        ]);
      }
    };
    await insert(
      'customers',
      'id, email, full_name, country, tier, preferences, created_at',
      rows.customers,
    );
    await insert(
      'products',
      'id, sku, name, description, price, weight_kg, in_stock, attributes',
      rows.products,
    );
    await insert(
      'orders',
      'id, customer_id, status, total, currency, placed_at, shipped_on, note',
      rows.orders,
    );
    await insert('order_items', 'order_id, line_no, product_id, quantity, unit_price', rows.items);
    await insert('page_views', 'viewed_at, customer_id, path, referrer', rows.views);
    return rows;
  } finally {
    await conn.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Browser mode and its API.

/** Starts `cutover serve` in its own process group, so Ctrl-C reaches the demo first. */
async function startServe(stateDir) {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'cutover.js'), 'serve', '--state-dir', stateDir, '--json'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], detached: process.platform !== 'win32' },
  );
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const onData = (data) => {
      out += data.toString();
      for (const line of out.split('\n')) {
        try {
          const record = JSON.parse(line);
          if (record.type === 'serve') {
            child.stdout.off('data', onData);
            resolve(record.url);
            return;
          }
        } catch {
          // A partial line; the rest comes with the next chunk.
        }
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`cutover serve exited (${code}) before it listened`)),
    );
  });
  return { child, url: new URL(url) };
}

/** One API call, as the page makes it: POST /api/call/<name> with the arguments array. */
async function call(url, name, ...args) {
  const body = JSON.stringify(args);
  const { status, text } = await new Promise((resolve, reject) => {
    const req = request(
      new URL(`/api/call/${encodeURIComponent(name)}`, url),
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${url.searchParams.get('token') ?? ''}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (data += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: data }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
  let reply;
  try {
    reply = JSON.parse(text);
  } catch {
    reply = { error: text.trim() };
  }
  if (status !== 200) {
    const error = reply.error;
    const detail =
      typeof error === 'object' && error ? `${error.code}: ${error.message}` : String(error);
    throw new Error(`${name} failed (HTTP ${status}): ${detail}`);
  }
  return reply.result;
}

async function stopChild(child, signal) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = once(child, 'exit');
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_WAIT_MS);
  await gone;
  clearTimeout(timer);
}

/** Opens the URL in the default browser; false when there is none to open it in. */
async function openInBrowser(url) {
  // Without a display, xdg-open falls back to a text browser that would take over this terminal.
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return false;
  }
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
    child.unref();
  });
}

function guide({ url, source, target, taskFile, cliState, electron }) {
  const mariadb = `mariadb -h 127.0.0.1 -P ${source.port} -u root shop`;
  return [
    '',
    'The Cutover demo is running.',
    '',
    electron ? '  The desktop app opens on its own.' : `  Open:   ${url}`,
    `  Source: MariaDB on 127.0.0.1:${source.port}, user root, no password; database shop with`,
    '          customers, products, orders, order_items, page_views (no primary key) and a view',
    `  Target: MariaDB on 127.0.0.1:${target.port}, empty (it stands in for OceanBase here)`,
    '',
    'What to do next:',
    `  1. Open the task "${TASK_NAME}" and start it: the precheck, then the schema, the full copy`,
    '     and incremental sync, which keeps the target in step until you stop it.',
    '  2. While it streams, change the source and watch the change arrive, e.g.',
    `       ${mariadb} -e "UPDATE products SET price = price * 1.1 WHERE id <= 20"`,
    '     then verify the copy from the task screen.',
    '  3. Or build a task yourself with the wizard: the connections demo-source and demo-target',
    '     are saved.',
    `  The same task from the command line: npx cutover run ${taskFile} --state-dir ${cliState}`,
    '',
    `${electron ? 'Closing the app or ' : ''}Ctrl-C stops the demo and deletes both servers and all its state.`,
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main() {
  requireMariaDb();
  buildIfNeeded();

  const work = mkdtempSync(join(tmpdir(), 'cutover-demo-'));
  const stateDir = join(work, 'state');
  const servers = [];
  let serve;
  let app;
  let stopping = false;
  const cleanUp = async () => {
    if (serve) await stopChild(serve, 'SIGINT');
    if (app && app.exitCode === null && app.signalCode === null) await once(app, 'exit');
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(work, { recursive: true, force: true });
  };
  let stop;
  const stopped = new Promise((resolve) => (stop = resolve));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (stopping) {
        console.log('Still stopping: the servers are shutting down…');
        return;
      }
      stopping = true;
      stop();
    });
  }

  try {
    console.log('Starting two throwaway MariaDB servers…');
    // Detached, so Ctrl-C reaches the demo, which stops them after the app.
    const [source, target] = await Promise.all([
      startMariaDb({ name: 'demo-source', serverId: 1, detached: true }),
      startMariaDb({ name: 'demo-target', serverId: 2, binlog: false, detached: true }),
    ]);
    servers.push(source, target);
    console.log('Loading the sample database shop…');
    await loadSample(source);

    const endpoint = (server) => ({
      kind: 'mysql',
      host: server.host,
      port: server.port,
      user: server.user,
    });
    const task = {
      name: TASK_NAME,
      source: endpoint(source),
      target: endpoint(target),
      objects: [{ database: 'shop', tables: ['*'] }],
      steps: ['schema', 'full', 'incremental', 'verify'],
      options: { concurrency: 4 },
    };
    const taskFile = join(work, `${TASK_NAME}.json`);
    writeFileSync(taskFile, `${JSON.stringify(task, null, 2)}\n`);

    console.log('Starting Cutover in browser mode…');
    const started = await startServe(stateDir);
    serve = started.child;
    await call(started.url, 'connection:save', { name: 'demo-source', ...endpoint(source) });
    await call(started.url, 'connection:save', { name: 'demo-target', ...endpoint(target) });
    await call(started.url, 'task:save', task);

    const info = {
      url: started.url.href,
      source,
      target,
      taskFile,
      cliState: join(work, 'cli-state'),
      electron: flags.electron,
    };
    // After a Ctrl-C while starting, straight to the clean-up.
    if (!stopping) {
      if (flags.electron) {
        // The desktop app opens the same state dir, which browser mode holds locked until it exits.
        await stopChild(serve, 'SIGINT');
        serve = undefined;
        app = spawn(process.execPath, [join(ROOT, 'scripts', 'start-electron.js')], {
          cwd: ROOT,
          stdio: 'inherit',
          env: { ...process.env, CUTOVER_HOME: stateDir },
        });
        app.once('exit', (code) => {
          if (code !== 0 && !stopping) {
            console.error(
              'The desktop app did not start (see above); `npm run demo` without --electron opens the app in a browser.',
            );
            process.exitCode = 1;
          }
          stop();
        });
        console.log(guide(info));
      } else {
        serve.once('exit', (code) => {
          if (!stopping) {
            console.error(`Browser mode stopped unexpectedly (exit code ${code}).`);
            process.exitCode = 1;
          }
          stop();
        });
        console.log(guide(info));
        if (!flags['no-open'] && !(await openInBrowser(started.url.href))) {
          console.log('(No browser could be opened from here: open the URL above yourself.)');
        }
      }
    }
    await stopped;
    console.log('Stopping the demo…');
  } catch (e) {
    console.error(`The demo could not start: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  } finally {
    await cleanUp();
  }
}

await main();
