import { parseArgs } from 'node:util';
import { isKafkaTask, UNTIL_POINTS, type AnyTaskSpec, type UntilPoint } from '../../shared/task.js';
import { CutoverError, toErrorInfo } from '../../engine/errors.js';
import { cutoverVersion } from '../../engine/version.js';
import { resolveStateDir } from '../../engine/store/StateDir.js';
import { Store } from '../../engine/store/Store.js';
import { TaskRepository } from '../../engine/store/TaskRepository.js';
import { storeStreamWatch } from '../../engine/verify/StreamWatch.js';
import { loadAnyTaskFile } from '../../engine/task/TaskFile.js';
import { planCommand } from './commands/plan.js';
import { precheckCommand } from './commands/precheck.js';
import { runCommand } from './commands/run.js';
import { serveCommand } from './commands/serve.js';
import { reportCommand } from './commands/report.js';
import { statusCommand } from './commands/status.js';
import { verifyCommand } from './commands/verify.js';
import { throttleCommand } from './commands/throttle.js';
import { switchoverCommand, type SwitchoverArgs } from './commands/switchover.js';
import { DEFAULT_MAX_LAG_MS, specToRun } from '../../engine/switchover/Switchover.js';
import { EXIT, exitCodeFor } from './ExitCodes.js';
import { Output } from './Output.js';

const USAGE = `Usage: cutover <command> TASK.json [options]

Commands:
  precheck TASK.json          check both servers and the selection; exit 1 if a check fails
  plan TASK.json              show the target DDL and every conversion, creating nothing
  run TASK.json               run or resume the task's steps
      --until schema-done|full-done|caught-up   stop once that point is reached
      --skip-paused-ddl       pass the DDL statement the task paused on (you made the change)
  status TASK.json            show the task's steps, objects and progress
  verify TASK.json            compare every copied table on both servers; exit 1 if any differs
      --repair                apply the statements that make the target equal, then verify again
  switchover TASK.json        move the application to the target, step by step (resumable)
      --set-read-only         set the source read-only instead of asking that writes stopped
      --super-read-only       the same with super_read_only (MySQL 5.7.8+: stops SUPER accounts too)
      --max-lag MS            the most lag the stream may show in the checks (default 5000)
      --final-verify changed|full   compare only tables changed since the last verification (default), or all
      --yes                   answer yes to the questions it asks
      --rollback              go back to the source (drains the reverse stream first if needed)
  throttle TASK.json          change a task's limits, also while it runs
      --max-rows-per-second N --max-bytes-per-second N   (0 = unlimited)
  report TASK.json            write the cutover report (HTML, printable to PDF) from the state
      --out FILE              where (default: TASK-NAME-report.html in this directory)

  serve [--port N]            the app in a browser, on 127.0.0.1, behind a token (browser mode)

Options:
  --json                      one JSON object per line instead of text
  --state-dir DIR             where state is kept (default: $CUTOVER_HOME or the user data folder)
  -h, --help                  this help
  -v, --version               the version

Exit codes: 0 done, 1 checks failed, 2 bad usage or task file, 3 runtime failure, 130 stopped.`;

function usage(message: string): CutoverError {
  return new CutoverError('USAGE', message, 'Run `cutover --help` for the commands and options.');
}

interface Parsed {
  command: string;
  taskFile: string;
  json: boolean;
  stateDir: string | undefined;
  until: UntilPoint | undefined;
  skipPausedDdl: boolean;
  repair: boolean;
  port: number;
  out: string | undefined;
  switchover: SwitchoverArgs;
  throttle: { rowsPerSecond: number; bytesPerSecond: number };
}

function limit(value: string | undefined, flag: string): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw usage(`${flag} must be a number ≥ 0; got "${value}".`);
  return n;
}

function parse(argv: string[]): Parsed | 'help' | 'version' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        'state-dir': { type: 'string' },
        until: { type: 'string' },
        'skip-paused-ddl': { type: 'boolean', default: false },
        repair: { type: 'boolean', default: false },
        port: { type: 'string' },
        yes: { type: 'boolean', default: false },
        'set-read-only': { type: 'boolean', default: false },
        'super-read-only': { type: 'boolean', default: false },
        'max-lag': { type: 'string' },
        'final-verify': { type: 'string' },
        rollback: { type: 'boolean', default: false },
        'max-rows-per-second': { type: 'string' },
        'max-bytes-per-second': { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (e) {
    throw usage((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.version) return 'version';
  if (values.help || positionals.length === 0) return 'help';
  const [command, taskFile, ...extra] = positionals;
  if (
    !command ||
    ![
      'precheck',
      'plan',
      'run',
      'status',
      'throttle',
      'verify',
      'serve',
      'switchover',
      'report',
    ].includes(command)
  ) {
    throw usage(`Unknown command "${command ?? ''}".`);
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw usage(`--port must be a port number; got "${values.port ?? ''}".`);
  }
  if (values.port !== undefined && command !== 'serve')
    throw usage('--port applies to `cutover serve` only.');
  if (values.out !== undefined && command !== 'report')
    throw usage('--out applies to `cutover report` only.');
  if (command === 'serve') {
    if (taskFile) throw usage('`cutover serve` takes no task file.');
  } else if (!taskFile)
    throw usage(`\`cutover ${command}\` needs a task file: cutover ${command} TASK.json`);
  if (extra.length) throw usage(`Unexpected argument(s): ${extra.join(' ')}.`);
  const until = values.until;
  if (until !== undefined && !(UNTIL_POINTS as readonly string[]).includes(until)) {
    throw usage(`--until must be one of ${UNTIL_POINTS.join(', ')}; got "${until}".`);
  }
  if (until !== undefined && command !== 'run')
    throw usage('--until applies to `cutover run` only.');
  const repair = values.repair ?? false;
  if (repair && command !== 'verify') throw usage('--repair applies to `cutover verify` only.');
  const skipPausedDdl = values['skip-paused-ddl'] ?? false;
  if (skipPausedDdl && command !== 'run')
    throw usage('--skip-paused-ddl applies to `cutover run` only.');
  const superReadOnly = values['super-read-only'] ?? false;
  const maxLag = values['max-lag'];
  const finalVerify = values['final-verify'] ?? 'changed';
  if (finalVerify !== 'changed' && finalVerify !== 'full')
    throw usage(`--final-verify must be changed or full; got "${finalVerify}".`);
  const switchover: SwitchoverArgs = {
    yes: values.yes ?? false,
    setReadOnly: (values['set-read-only'] ?? false) || superReadOnly,
    readOnlyMode: superReadOnly ? 'super_read_only' : 'read_only',
    maxLagMs: maxLag === undefined ? DEFAULT_MAX_LAG_MS : limit(maxLag, '--max-lag'),
    finalVerification: finalVerify,
    rollback: values.rollback ?? false,
  };
  if (
    command !== 'switchover' &&
    (switchover.yes ||
      switchover.setReadOnly ||
      switchover.rollback ||
      maxLag !== undefined ||
      values['final-verify'] !== undefined)
  )
    throw usage(
      '--yes, --set-read-only, --super-read-only, --max-lag, --final-verify and --rollback apply to `cutover switchover` only.',
    );
  const rows = values['max-rows-per-second'];
  const bytes = values['max-bytes-per-second'];
  if (command === 'throttle' && rows === undefined && bytes === undefined) {
    throw usage('`cutover throttle` needs --max-rows-per-second and/or --max-bytes-per-second.');
  }
  if (command !== 'throttle' && (rows !== undefined || bytes !== undefined)) {
    throw usage('--max-rows-per-second and --max-bytes-per-second apply to `cutover throttle`.');
  }
  return {
    command,
    taskFile: taskFile ?? '',
    json: values.json ?? false,
    stateDir: values['state-dir'],
    until: until as UntilPoint | undefined,
    skipPausedDdl,
    repair,
    port,
    out: values.out,
    switchover,
    throttle: {
      rowsPerSecond: limit(rows, '--max-rows-per-second'),
      bytesPerSecond: limit(bytes, '--max-bytes-per-second'),
    },
  };
}

function stateDirOf(p: Parsed): string {
  return resolveStateDir(p.stateDir ? { explicit: p.stateDir } : {});
}

/** The commands that work on a database target only. */
const DATABASE_ONLY = new Set(['plan', 'verify', 'switchover']);

async function dispatch(p: Parsed, any: AnyTaskSpec, out: Output): Promise<number> {
  if (isKafkaTask(any)) {
    if (DATABASE_ONLY.has(p.command)) {
      throw new CutoverError(
        'USAGE',
        `\`cutover ${p.command}\` works on a database target; ${p.taskFile} streams to Kafka.`,
        'For a Kafka task use `cutover precheck`, `run`, `status`, `throttle` and `report`.',
      );
    }
    return dispatchAny(p, any, out);
  }
  const spec = any;
  switch (p.command) {
    case 'precheck':
      return precheckCommand(spec, out);
    case 'plan':
      return planCommand(spec, out);
    case 'verify': {
      // A task streaming in another process holds the store: verify anyway, following its
      // stream through a read-only view so lag is never taken for a difference, and without
      // recording the result in its state.
      let store: Store | null = null;
      let watching: Store | null = null;
      try {
        store = Store.open(stateDirOf(p));
      } catch (e) {
        if (!(e instanceof CutoverError) || e.code !== 'STATE_LOCKED') throw e;
        out.line(
          'The task runs in another process: this verification is not recorded in its state.',
        );
        watching = Store.open(stateDirOf(p), { readOnly: true });
      }
      const view = watching;
      const task = view ? new TaskRepository(view.db).getByName(spec.name) : undefined;
      try {
        return await verifyCommand(
          spec,
          out,
          p.repair,
          store,
          view && task ? (source) => storeStreamWatch(source, view, task.id) : null,
        );
      } finally {
        store?.close();
        watching?.close();
      }
    }
    case 'switchover': {
      const store = Store.open(stateDirOf(p));
      try {
        return await switchoverCommand(spec, store, out, p.switchover);
      } finally {
        store.close();
      }
    }
    case 'throttle':
    case 'report':
    case 'status':
      return dispatchAny(p, spec, out);
    default: {
      const store = Store.open(stateDirOf(p));
      try {
        return await runCommand(await specToRun(store, spec), store, out, {
          ...(p.until ? { until: p.until } : {}),
          skipPausedDdl: p.skipPausedDdl,
        });
      } finally {
        store.close();
      }
    }
  }
}

/** Commands for any task, whatever its target. */
async function dispatchAny(p: Parsed, spec: AnyTaskSpec, out: Output): Promise<number> {
  switch (p.command) {
    case 'precheck':
      return precheckCommand(spec, out);
    case 'throttle':
      return throttleCommand(spec, stateDirOf(p), out, p.throttle);
    case 'report': {
      const store = Store.open(stateDirOf(p), { readOnly: true });
      try {
        return reportCommand(spec, store, out, p.out);
      } finally {
        store.close();
      }
    }
    case 'status': {
      const store = Store.open(stateDirOf(p), { readOnly: true });
      try {
        return statusCommand(spec, store, out);
      } finally {
        store.close();
      }
    }
    default: {
      const store = Store.open(stateDirOf(p));
      try {
        return await runCommand(spec, store, out, {
          ...(p.until ? { until: p.until } : {}),
          skipPausedDdl: p.skipPausedDdl,
        });
      } finally {
        store.close();
      }
    }
  }
}

export async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const out = new Output(json);
  try {
    const p = parse(argv);
    if (p === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    if (p === 'version') {
      process.stdout.write(`${cutoverVersion()}\n`);
      return EXIT.ok;
    }
    if (p.command === 'serve') {
      const store = Store.open(stateDirOf(p));
      try {
        return await serveCommand(store, out, p.port);
      } finally {
        store.close();
      }
    }
    return await dispatch(p, loadAnyTaskFile(p.taskFile), out);
  } catch (e) {
    const info = toErrorInfo(e);
    out.error(info);
    if (process.env.CUTOVER_DEBUG && e instanceof Error) process.stderr.write(`${e.stack ?? ''}\n`);
    return exitCodeFor(info.code);
  }
}
