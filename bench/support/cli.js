// What every benchmark's command line shares: option errors, integer options, the check for the
// programs it runs, and the opening of main() that handles --help and both.

import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { query } from './mariadb.js';
import { canRun, run } from './proc.js';
import { round } from './stats.js';

/** The 1-minute load average as the benchmark began: other work on the machine shows here. */
const LOAD_AT_START = os.loadavg()[0] ?? 0;

export class UsageError extends Error {}

/** An integer option of at least `min`, or `fallback` when absent. */
export function integerOption(values, name, fallback, min = 1) {
  const text = values[name];
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) {
    const what = min === 0 ? 'a non-negative integer' : 'a positive integer';
    throw new UsageError(`--${name}: expected ${what}, got "${text}"`);
  }
  return n;
}

/** The benchmark installs nothing itself: it says what to install, or null when all is there. */
function missingToolsMessage(benchmark, tools) {
  const missing = tools.filter(([cmd]) => !canRun(cmd));
  if (missing.length === 0) return null;
  const programs = missing.map(([cmd]) => cmd).join(', ');
  const packages = [...new Set(missing.map(([, pkg]) => pkg))].join(' ');
  return (
    `The ${benchmark} benchmark needs ${programs}. Install them with:\n\n` +
    `  sudo apt-get update && sudo apt-get install -y ${packages}\n`
  );
}

/**
 * Parses the options and checks the tools. Resolves with `{ opts }` to go on, or `{ exit }` with
 * the exit code after printing the usage, the option error or what to install.
 */
export function startBenchmark(args, { benchmark, usage, parse, tools }) {
  let opts;
  try {
    opts = parse(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`${e.message}\n\n${usage}`);
    return { exit: 2 };
  }
  if (opts.help) {
    console.log(usage);
    return { exit: 0 };
  }
  const missing = missingToolsMessage(benchmark, tools);
  if (missing) {
    console.error(missing);
    return { exit: 1 };
  }
  return { opts };
}

/** The options of benchmarks sized by sysbench tables: --rows, --tables, --runs, --json, --help. */
export function parseSizeOptions(args) {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        rows: { type: 'string' },
        tables: { type: 'string' },
        runs: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    throw new UsageError(e.message);
  }
  return {
    help: values.help,
    rows: integerOption(values, 'rows', 250_000),
    tables: integerOption(values, 'tables', 4),
    runs: integerOption(values, 'runs', 3),
    json: values.json,
  };
}

/** A progress line on stderr, stamped with the seconds since the benchmark started. */
export function progressReporter() {
  const started = performance.now();
  return (message) => {
    const at = ((performance.now() - started) / 1000).toFixed(1).padStart(7);
    console.error(`[${at} s] ${message}`);
  };
}

/**
 * The checkout's commit, `-dirty` with uncommitted changes: which Cutover the figures belong to
 * (as far as dist/ was built from it).
 */
export async function commitOf(repo) {
  const result = await run('git', ['-C', repo, 'describe', '--always', '--dirty']);
  return result.ok ? result.output.trim() : 'unknown';
}

/**
 * What a result records about the run itself: which benchmark, when, which Cutover, and the
 * machine (with the versions of the tools in `tools` and the load average at start and end).
 */
export async function runFacts(bench, server, repo, tools = {}) {
  const [{ version }] = await query(server, 'SELECT VERSION() AS version');
  return {
    bench,
    date: new Date().toISOString(),
    commit: await commitOf(repo),
    machine: {
      cores: os.availableParallelism(),
      cpu: os.cpus()[0]?.model,
      mariadb: version,
      ...tools,
      node: process.version,
      loadAverage: [round(LOAD_AT_START, 2), round(os.loadavg()[0] ?? 0, 2)],
    },
  };
}
