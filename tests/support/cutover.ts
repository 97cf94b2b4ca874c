import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServerAddress } from './globalSetup.js';

/** The command line, as a user runs it (it runs dist/: the test setup builds it). */
export const CUTOVER_BIN = fileURLToPath(new URL('../../bin/cutover.js', import.meta.url));

/** A task file's endpoint for one of the test servers. */
export function endpoint(
  kind: string,
  s: ServerAddress,
  over: Record<string, unknown> = {},
): Record<string, unknown> {
  return { kind, host: s.host, port: s.port, user: s.user, password: s.password, ...over };
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Sees the output so far each time more arrives, with the process (to stop it, say). */
  onStdout?(stdout: string, child: ChildProcess): void;
}

/** Runs `cutover ARGS…` to its end; resolves with its exit and output. */
export function cutover(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CUTOVER_BIN, ...args], {
      env: { ...process.env, NO_COLOR: '1', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(opts.cwd ? { cwd: opts.cwd } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      opts.onStdout?.(stdout, child);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
