import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';

const run = promisify(execFile);

/** Debian puts the server in /usr/sbin, which a non-root PATH may lack. */
const MARIADBD = existsSync('/usr/sbin/mariadbd') ? '/usr/sbin/mariadbd' : 'mariadbd';

export interface ServerOptions {
  name: string;
  serverId: number;
  binlog?: boolean;
  /** Extra mariadbd flags, e.g. a fake --version for the OceanBase stand-in. */
  extraArgs?: string[];
}

export interface ThrowawayServer {
  name: string;
  host: string;
  port: number;
  user: string;
  password: string;
  dataDir: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => {
        if (addr && typeof addr === 'object') resolve(addr.port);
        else reject(new Error('no port'));
      });
    });
  });
}

async function waitReady(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`mariadbd exited early:\n${log()}`);
    try {
      const conn = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root' });
      await conn.end();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`mariadbd did not start in 60 s:\n${log()}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }
}

/**
 * Starts a private mariadbd in a temporary directory on a free loopback port, with the binlog on
 * (ROW, FULL) unless told otherwise. The root user has no password and connects over TCP.
 */
export async function startMariaDb(opts: ServerOptions): Promise<ThrowawayServer> {
  const dataDir = await mkdtemp(join(tmpdir(), `cutover-${opts.name}-`));
  const asRoot = process.getuid?.() === 0 ? ['--user=root'] : [];
  // A private temporary directory: servers bootstrapping side by side must not share one.
  const tmp = join(dataDir, 'tmp');
  await mkdir(tmp);
  const env = { ...process.env, TMPDIR: tmp };
  await run(
    'mariadb-install-db',
    [
      '--no-defaults',
      `--datadir=${dataDir}/data`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      ...asRoot,
    ],
    { env },
  );
  const port = await freePort();
  const binlog =
    opts.binlog === false
      ? []
      : [`--log-bin=${dataDir}/binlog`, '--binlog-format=ROW', '--binlog-row-image=FULL'];
  const args = [
    '--no-defaults',
    `--datadir=${dataDir}/data`,
    `--socket=${dataDir}/mysqld.sock`,
    `--pid-file=${dataDir}/mysqld.pid`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    `--server-id=${opts.serverId}`,
    `--tmpdir=${tmp}`,
    '--innodb-buffer-pool-size=64M',
    '--innodb-log-file-size=48M',
    '--skip-name-resolve',
    '--max-connections=300',
    ...binlog,
    ...asRoot,
    ...(opts.extraArgs ?? []),
  ];
  let output = '';
  const child = spawn(MARIADBD, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  await writeFile(join(dataDir, 'args.txt'), args.join('\n'));
  await waitReady(port, child, () => output);
  return {
    name: opts.name,
    host: '127.0.0.1',
    port,
    user: 'root',
    password: '',
    dataDir,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 15_000)))]);
        clearTimeout(timer);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
