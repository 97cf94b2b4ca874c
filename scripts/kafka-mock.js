// A throwaway Kafka broker for the tests and the benchmarks: librdkafka's mock cluster (Debian's
// librdkafka-dev), a real Kafka wire-protocol broker in a small C program built on first use.

import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clearTimeout, setTimeout } from 'node:timers';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SOURCE = fileURLToPath(new URL('./kafka-mock-broker.c', import.meta.url));
const CACHE = fileURLToPath(new URL('../node_modules/.cache/cutover', import.meta.url));
const START_WAIT_MS = 15_000;

/** Builds the broker program once per version of its source; resolves with its path. */
async function brokerBinary() {
  const hash = createHash('sha256').update(readFileSync(SOURCE)).digest('hex').slice(0, 12);
  const binary = join(CACHE, `kafka-mock-${hash}`);
  if (existsSync(binary)) return binary;
  await mkdir(dirname(binary), { recursive: true });
  const building = `${binary}.${process.pid}`;
  try {
    await run('cc', ['-O2', '-o', building, SOURCE, '-lrdkafka']);
  } catch (e) {
    throw new Error(
      `Could not build the Kafka test broker (${e instanceof Error ? e.message.split('\n')[0] : e}). ` +
        'Install librdkafka-dev and gcc (apt-get install librdkafka-dev gcc).',
    );
  }
  // Another test process may build it at the same time: the last rename wins, both are equal.
  await rename(building, binary);
  return binary;
}

/**
 * Starts a mock Kafka cluster of `brokers` brokers on loopback. Topics are created on first use
 * (4 partitions). Resolves with the bootstrap addresses and `stop()`.
 */
export async function startKafkaMock({ brokers = 1 } = {}) {
  const binary = await brokerBinary();
  // stdin stays open: the broker stops when this process goes away, even on a crash.
  const child = spawn(binary, [String(brokers)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout });
  const answers = [];
  const line = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the Kafka test broker did not start:\n${stderr}`)),
      START_WAIT_MS,
    );
    lines.once('line', (l) => {
      clearTimeout(timer);
      resolve(l);
      // Later lines answer commands, in order.
      lines.on('line', (answer) => answers.shift()?.(answer));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the Kafka test broker exited (${code}):\n${stderr}`));
    });
  });
  return {
    bootstrap: String(line).split(',').filter(Boolean),
    /**
     * Changes the cluster (see kafka-mock-broker.c): `errors API CODE COUNT`,
     * `leader TOPIC PARTITION ID`, `down ID`, `up ID`. Resolves once the broker applied it.
     */
    async command(text) {
      const answer = await new Promise((resolve) => {
        answers.push(resolve);
        child.stdin.write(`${text}\n`);
      });
      if (answer !== 'ok') throw new Error(`the Kafka test broker refused "${text}": ${answer}`);
    },
    async stop() {
      if (child.exitCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      lines.close();
      child.stdin.end();
      child.kill('SIGTERM');
      await gone;
    },
  };
}
