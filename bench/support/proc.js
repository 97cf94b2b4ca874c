// Child processes for the benchmarks: run a command (or a pipe of two) to its end, timed, with the
// tail of its output kept for error messages.

import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** Output kept per command: enough for an error message, bounded for chatty tools. */
const KEEP_CHARS = 16_000;

/** Every command still running, with the promise of its end. */
const running = new Map();

/**
 * Stops every command still running, with whatever it started (GNU time's command outlives a
 * SIGTERM to time itself), and waits for them to end; used on Ctrl-C, before the servers they
 * talk to go away and their files are removed.
 */
export async function stopChildren() {
  for (const child of running.keys()) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone, or never started.
    }
  }
  await Promise.all(running.values());
}

function start(cmd, args, opts, stdio) {
  // Each command leads its own process group, so that stopChildren reaches its children too.
  const child = spawn(cmd, args, { ...opts, stdio, detached: true });
  const ended = ending(child);
  running.set(child, ended);
  ended.then(() => running.delete(child));
  return { child, ended };
}

function collect(stream, sink) {
  stream?.on('data', (d) => {
    sink.text = (sink.text + d.toString()).slice(-KEEP_CHARS);
  });
}

/**
 * Resolves with how a child ended: its exit code, the signal that stopped it, or why it could
 * not start.
 */
function ending(child) {
  return new Promise((resolve) => {
    child.once('error', (e) => resolve({ code: null, error: e.message }));
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
}

function describe(cmd, { code, signal, error }) {
  if (error) return `${cmd} could not start: ${error}`;
  return signal ? `${cmd} was stopped by ${signal}` : `${cmd} exited with code ${code}`;
}

/**
 * Runs `cmd args` to its end. Resolves with `{ ok, code, seconds, output, reason }`: `output` is
 * the tail of stdout and stderr together, `reason` says why a failed run failed. Never rejects on
 * a failing command: whether that is fatal is the caller's call.
 */
export async function run(cmd, args, opts = {}) {
  const sink = { text: '' };
  const began = performance.now();
  const { child, ended } = start(cmd, args, opts, ['ignore', 'pipe', 'pipe']);
  collect(child.stdout, sink);
  collect(child.stderr, sink);
  const end = await ended;
  const seconds = (performance.now() - began) / 1000;
  const ok = end.code === 0;
  return { ok, code: end.code, seconds, output: sink.text, reason: ok ? '' : describe(cmd, end) };
}

/** Runs `producer | consumer` and times the whole pipe; it fails when either side fails. */
export async function runPipe([cmdA, argsA], [cmdB, argsB], opts = {}) {
  const sink = { text: '' };
  const began = performance.now();
  const { child: a, ended: endedA } = start(cmdA, argsA, opts, ['ignore', 'pipe', 'pipe']);
  const { child: b, ended: endedB } = start(cmdB, argsB, opts, ['pipe', 'pipe', 'pipe']);
  // A consumer that dies early closes the pipe; its own exit code tells the story, not EPIPE.
  b.stdin.on('error', () => {});
  a.stdout.pipe(b.stdin);
  collect(a.stderr, sink);
  collect(b.stdout, sink);
  collect(b.stderr, sink);
  const [endA, endB] = await Promise.all([endedA, endedB]);
  const seconds = (performance.now() - began) / 1000;
  const failed = [
    endA.code === 0 ? '' : describe(cmdA, endA),
    endB.code === 0 ? '' : describe(cmdB, endB),
  ].filter(Boolean);
  return { ok: failed.length === 0, seconds, output: sink.text, reason: failed.join('; ') };
}

/** Like `run`, for set-up steps that must work: rejects with the command's output otherwise. */
export async function mustRun(cmd, args, opts = {}) {
  const result = await run(cmd, args, opts);
  if (!result.ok) throw new Error(`${result.reason}:\n${result.output.trim()}`);
  return result;
}

/** Whether `cmd` (a name looked up in PATH, or a path) can be executed. */
export function canRun(cmd) {
  const candidates = cmd.includes('/')
    ? [cmd]
    : (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, cmd));
  return candidates.some((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * The line of a command's output that says why it stopped: the first one mentioning an error
 * (a crash's stack trace follows its message), else the last non-empty line.
 */
export function whyItStopped(output) {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.find((l) => /error|critical/i.test(l)) ?? lines.at(-1) ?? '(no output)';
}

/** The JSON records of a `cutover … --json` run's output, in order (other lines are skipped). */
export function jsonRecords(output) {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => {
      try {
        return JSON.parse(line);
      } catch {
        return undefined;
      }
    })
    .filter(Boolean);
}

/** Why a Cutover run failed, in its own words: its last error record, else the telling line. */
export function whyCutoverFailed(output) {
  const last = jsonRecords(output)
    .filter((r) => r.type === 'error')
    .at(-1);
  return last ? `${last.code}: ${last.message}` : whyItStopped(output);
}
