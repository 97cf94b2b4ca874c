import type { ApiCalls, ApiEvents, AppInfo, CallName, EventName } from '../../shared/api.js';
import { isKafkaTask, UNTIL_POINTS, type UntilPoint } from '../../shared/task.js';
import { Endpoint } from '../connect/Endpoint.js';
import { CutoverError, toErrorInfo } from '../errors.js';
import { precheckAnyTask } from '../precheck/KafkaPrecheck.js';
import { buildReport } from '../report/CutoverReport.js';
import { sampleMessage } from '../sinks/kafka/KafkaSample.js';
import { EndpointRepository } from '../store/EndpointRepository.js';
import { KeyFileSecretBox, type SecretBox } from '../store/SecretBox.js';
import type { Store } from '../store/Store.js';
import { TaskSecretRepository } from '../store/TaskSecretRepository.js';
import { parseAnyTaskSpec, parseEndpointSpec, parseKafkaTarget } from '../task/TaskFile.js';
import { writeThrottle } from '../task/ThrottleControl.js';
import { TaskSession } from '../task/TaskSession.js';
import { cutoverVersion } from '../version.js';
import { CatalogBrowser } from './CatalogBrowser.js';
import { EventThrottle } from './EventThrottle.js';
import { testKafkaTarget } from './KafkaBrokerTest.js';
import { SavedConnections } from './SavedConnections.js';
import { SwitchoverControl } from './SwitchoverControl.js';
import { TaskControl } from './TaskControl.js';
import { TaskVerification } from './TaskVerification.js';
import { TaskViews } from './TaskViews.js';

export type Handlers = {
  [K in CallName]: (...args: ApiCalls[K]['args']) => Promise<ApiCalls[K]['result']>;
};

/** How the host delivers events to its windows. */
export type EventSink = <K extends EventName>(name: K, payload: ApiEvents[K]) => void;

export interface HostOptions {
  host: AppInfo['host'];
  emit?: EventSink;
  /** Seals saved passwords; the desktop host passes one backed by the system keychain. */
  secrets?: SecretBox;
}

export interface Engine {
  handlers: Handlers;
  /** Pauses the tasks running in this process and waits for them to reach a checkpoint. */
  shutdown(): Promise<void>;
}

function untilPoint(until: unknown): UntilPoint | undefined {
  if (until === undefined || until === null) return undefined;
  if (!(UNTIL_POINTS as readonly unknown[]).includes(until)) {
    throw new CutoverError(
      'USAGE',
      `"${String(until)}" is not a point a run can stop at.`,
      `Use one of ${UNTIL_POINTS.join(', ')}.`,
    );
  }
  return until as UntilPoint;
}

function limit(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new CutoverError(
      'USAGE',
      `The ${name} limit must be a number of 0 or more (0 means unlimited).`,
      'Enter 0 or a positive number.',
    );
  }
  return value;
}

/**
 * The engine side of the API contract: one handler per call name, no transport. Tasks started
 * through it run in this process; their events reach `emit` at most four times a second per task.
 */
export function createEngine(store: Store, options: HostOptions): Engine {
  const emit: EventSink = options.emit ?? (() => undefined);
  const secrets = options.secrets ?? KeyFileSecretBox.open(store.dir);
  const connections = new SavedConnections(new EndpointRepository(store.db, secrets));
  const throttle = new EventThrottle((event) => emit('task:event', event));
  const control = new TaskControl(
    store,
    new TaskSecretRepository(store.db, secrets),
    (event) => throttle.push(event),
    () => throttle.drain(),
  );
  const views = new TaskViews(store);
  const switchovers = new SwitchoverControl(store, control);
  const verification = new TaskVerification(store, (event) => throttle.push(event));
  const browser = new CatalogBrowser();
  const endpointOf = (input: unknown) =>
    parseEndpointSpec(connections.resolveEndpoint(input, 'the connection'));
  const taskOf = (input: unknown) => parseAnyTaskSpec(connections.resolveTask(input), 'the task');

  const handlers: Handlers = {
    'app:info': async () => ({
      version: cutoverVersion(),
      stateDir: store.dir,
      host: options.host,
    }),
    'tasks:list': async () => control.list().map((t) => views.summary(t, control.isActive(t.name))),
    'task:get': async (name) => views.detail(control.get(name), control.isActive(name)),
    'task:save': async (input) => {
      const task = control.save(taskOf(input));
      return views.summary(task, false);
    },
    'connection:test': async (input) => {
      const spec = endpointOf(input);
      try {
        const endpoint = await Endpoint.open('source', spec, { poolSize: 1 });
        try {
          return { ok: true, server: endpoint.info };
        } finally {
          await endpoint.close();
        }
      } catch (e) {
        return { ok: false, error: toErrorInfo(e) };
      }
    },
    'connections:list': async () => connections.list(),
    'connection:save': async (input) => connections.save(input),
    'connection:delete': async (name) => ({ deleted: connections.delete(name) }),
    'catalog:browse': async (input) => browser.browse(endpointOf(input)),
    'filter:check': async (input, database, table, expression) =>
      browser.checkFilter(endpointOf(input), database, table, expression),
    'task:precheck': async (input) => precheckAnyTask(taskOf(input)),
    'task:plan': async (input) => {
      const spec = taskOf(input);
      if (isKafkaTask(spec)) {
        throw new CutoverError(
          'USAGE',
          'A task streaming to Kafka has no schema to plan: its messages carry each row as it is.',
          'Plan the schema of tasks with a database target only.',
        );
      }
      const session = await TaskSession.open(spec);
      try {
        return session.plan;
      } finally {
        await session.close();
      }
    },
    'kafka:sample': async (input) => {
      const spec = taskOf(input);
      if (!isKafkaTask(spec)) {
        throw new CutoverError(
          'USAGE',
          'A sample message is shown for a task whose target is Kafka.',
          'Choose Kafka as the target to see the messages the task would send.',
        );
      }
      return sampleMessage(spec);
    },
    // The target alone: the wizard tests the brokers before a task has its tables.
    'kafka:test': async (input) => testKafkaTarget(parseKafkaTarget(input)),
    'task:run': async (input, until) => {
      const spec = taskOf(input);
      const point = untilPoint(until);
      control.save(spec);
      control.start(spec, point);
      return { started: true };
    },
    'task:resume': async (name, until) => {
      const point = untilPoint(until);
      control.refuseIfRunning(name);
      control.start(control.specOf(control.get(name)), point);
      return { started: true };
    },
    'task:pause': async (name) => ({ stopping: control.interrupt(name, true) }),
    'task:stop': async (name) => ({ stopping: control.interrupt(name, false) }),
    'task:delete': async (name) => ({ deleted: control.delete(name) }),
    'task:throttle': async (name, limits) => {
      control.get(name);
      const set = {
        rowsPerSecond: limit(limits?.rowsPerSecond, 'rows per second'),
        bytesPerSecond: limit(limits?.bytesPerSecond, 'bytes per second'),
      };
      writeThrottle(store.dir, name, set);
      return set;
    },
    'task:verify': async (name, opts) => {
      const task = control.get(name);
      const streaming = control.isActive(name) && task.spec.steps.includes('incremental');
      const spec = control.databaseSpecOf(task, 'Verification');
      return verification.run(task, spec, streaming, opts?.repair === true);
    },
    'task:report': async (name) => buildReport(store, control.get(name).name),
    'switchover:get': async (name) => switchovers.view(name),
    'switchover:run': async (name, opts) => {
      switchovers.start(name, opts);
      return { started: true };
    },
    'switchover:rollback': async (name) => switchovers.rollback(name),
  };
  return { handlers, shutdown: () => control.pauseAll() };
}
