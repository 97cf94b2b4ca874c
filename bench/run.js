// `npm run bench -- NAME [options]`: runs one benchmark. Each benchmark is a module whose
// `main(args)` resolves with the exit code; add new ones to BENCHMARKS.

import { cleanUp, requestStop, stopRequested } from './support/cleanup.js';
import { stopChildren } from './support/proc.js';

const BENCHMARKS = {
  full: {
    about: 'full copy of sysbench tables vs mydumper, mariadb-dump, LOAD DATA',
    load: () => import('./full.js'),
  },
  incremental: {
    about: 'binlog catch-up vs a native MariaDB replica, and steady-state lag',
    load: () => import('./incremental.js'),
  },
  kafka: {
    about: 'binlog changes into a Kafka broker vs a bare kafkajs producer',
    load: () => import('./kafka.js'),
  },
  verify: {
    about: 'cutover verify of both sides vs pt-table-checksum and CHECKSUM TABLE',
    load: () => import('./verify.js'),
  },
};

function usage() {
  return [
    'Usage: npm run bench -- NAME [options]    (or: node bench/run.js NAME [options])',
    '',
    'Benchmarks:',
    ...Object.entries(BENCHMARKS).map(([name, b]) => `  ${name.padEnd(12)} ${b.about}`),
    '',
    "`npm run bench -- NAME --help` lists a benchmark's options.",
  ].join('\n');
}

/** Ctrl-C (or a kill) stops the benchmark's commands, then its servers, then removes its files. */
function stopOnSignals() {
  const codes = { SIGINT: 130, SIGTERM: 143 };
  for (const [signal, code] of Object.entries(codes)) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping and cleaning up…`);
      requestStop();
      stopChildren()
        .then(cleanUp)
        .finally(() => process.exit(code));
    });
  }
}

async function main([name, ...args]) {
  const bench = Object.hasOwn(BENCHMARKS, name ?? '') ? BENCHMARKS[name] : undefined;
  if (!bench) {
    if (name) console.error(`Unknown benchmark: ${name}\n`);
    console.error(usage());
    return 2;
  }
  stopOnSignals();
  try {
    const { main: runBench } = await bench.load();
    return await runBench(args);
  } catch (e) {
    // After Ctrl-C, errors are only the echo of the servers going away.
    if (stopRequested()) return 130;
    console.error(`bench ${name} failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    await cleanUp();
  }
}

process.exitCode = await main(process.argv.slice(2));
