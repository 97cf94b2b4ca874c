import type { SavedConnection } from '../../shared/api.js';
import type { ServerInfo } from '../../shared/catalog.js';
import { shownError, type ShownError } from '../errors.js';
import {
  blankEndpoint,
  editEndpoint,
  endpointPayload,
  fromSaved,
  parsePort,
  type EndpointEdit,
  type EndpointForm,
  type Side,
} from './endpointForm.js';
import { blankKafka, kafkaPayload, type KafkaEdit, type KafkaForm } from './kafkaForm.js';
import type { TargetType } from './taskDraft.js';
import type { SliceContext } from './wizardStore.js';

export type TestState =
  | { status: 'idle' }
  | { status: 'testing' }
  | { status: 'ok'; server: ServerInfo }
  | { status: 'failed'; error: ShownError };

export type KafkaTestState =
  | { status: 'idle' }
  | { status: 'testing' }
  | { status: 'ok'; brokers: string[]; ms: number }
  | { status: 'failed'; error: ShownError };

export type SaveState =
  | { status: 'idle' }
  | { status: 'saving' }
  | { status: 'saved'; name: string }
  | { status: 'failed'; error: ShownError };

export interface ConnectionsData {
  name: string;
  endpoints: Record<Side, EndpointForm>;
  targetType: TargetType;
  /** Kept while the target is a database, so switching back and forth loses nothing typed. */
  kafka: KafkaForm;
  tests: Record<Side, TestState>;
  kafkaTest: KafkaTestState;
  saves: Record<Side, SaveState>;
  saved: SavedConnection[];
  savedError: ShownError | null;
}

export interface ConnectionsActions {
  setName(name: string): void;
  editEndpoint(side: Side, edit: EndpointEdit): void;
  setTargetType(type: TargetType): void;
  editKafka(edit: KafkaEdit): void;
  /** Fills the side from a saved connection; null detaches it and keeps what was filled in. */
  pickSaved(side: Side, name: string | null): void;
  loadSaved(): Promise<void>;
  saveConnection(side: Side, name: string): Promise<void>;
  testConnection(side: Side): Promise<void>;
  /** Connects to the Kafka target's brokers as the form has them. */
  testKafka(): Promise<void>;
}

export function connectionsData(): ConnectionsData {
  return {
    name: '',
    endpoints: { source: blankEndpoint('mysql'), target: blankEndpoint('oceanbase') },
    targetType: 'database',
    kafka: blankKafka(),
    tests: { source: { status: 'idle' }, target: { status: 'idle' } },
    kafkaTest: { status: 'idle' },
    saves: { source: { status: 'idle' }, target: { status: 'idle' } },
    saved: [],
    savedError: null,
  };
}

const endpointKey = (form: EndpointForm): string => JSON.stringify(endpointPayload(form));

/** What a broker test depends on: the format and topics change nothing about who answers. */
function kafkaKey(form: KafkaForm): string {
  const { brokers, sasl, tls } = kafkaPayload(form);
  return JSON.stringify({ brokers, sasl, tls });
}

export function connectionsActions({ set, get, client }: SliceContext): ConnectionsActions {
  const setEndpoint = (side: Side, form: EndpointForm): void =>
    set((s) => ({
      endpoints: { ...s.endpoints, [side]: form },
      // A result describes the form it was run on, not the one now shown.
      tests: { ...s.tests, [side]: { status: 'idle' } },
      saves: { ...s.saves, [side]: { status: 'idle' } },
    }));

  return {
    setName: (name) => set({ name }),

    editEndpoint: (side, edit) => setEndpoint(side, editEndpoint(get().endpoints[side], edit)),

    setTargetType: (targetType) => set({ targetType }),

    editKafka: (edit) =>
      set((s) => {
        const kafka = { ...s.kafka, ...edit };
        // A result describes the brokers it was run on, not the ones now typed.
        return kafkaKey(kafka) === kafkaKey(s.kafka)
          ? { kafka }
          : { kafka, kafkaTest: { status: 'idle' } };
      }),

    pickSaved(side, name) {
      const current = get().endpoints[side];
      if (name === null) {
        setEndpoint(side, { ...current, connection: null });
        return;
      }
      const saved = get().saved.find((c) => c.name === name);
      if (saved) setEndpoint(side, fromSaved(saved));
    },

    async loadSaved() {
      try {
        const saved = await client().invoke('connections:list');
        set({ saved, savedError: null });
      } catch (e) {
        set({ savedError: shownError(e) });
      }
    },

    async saveConnection(side, name) {
      const form = get().endpoints[side];
      set((s) => ({ saves: { ...s.saves, [side]: { status: 'saving' } } }));
      try {
        const saved = await client().invoke('connection:save', {
          name: name.trim(),
          kind: form.kind,
          host: form.host.trim(),
          port: parsePort(form.port),
          user: form.user.trim(),
          // Empty keeps the password already saved under this name.
          ...(form.password === '' ? {} : { password: form.password }),
        });
        set((s) => ({
          saved: [...s.saved.filter((c) => c.name !== saved.name), saved].sort((a, b) =>
            a.name.localeCompare(b.name),
          ),
          endpoints: { ...s.endpoints, [side]: { ...s.endpoints[side], connection: saved.name } },
          saves: { ...s.saves, [side]: { status: 'saved', name: saved.name } },
        }));
      } catch (e) {
        set((s) => ({ saves: { ...s.saves, [side]: { status: 'failed', error: shownError(e) } } }));
      }
    },

    async testConnection(side) {
      const form = get().endpoints[side];
      const key = endpointKey(form);
      set((s) => ({ tests: { ...s.tests, [side]: { status: 'testing' } } }));
      let result: TestState;
      try {
        const outcome = await client().invoke('connection:test', endpointPayload(form));
        result = outcome.ok
          ? { status: 'ok', server: outcome.server }
          : { status: 'failed', error: outcome.error };
      } catch (e) {
        result = { status: 'failed', error: shownError(e) };
      }
      if (endpointKey(get().endpoints[side]) !== key) return;
      set((s) => ({ tests: { ...s.tests, [side]: result } }));
    },

    async testKafka() {
      const form = get().kafka;
      const key = kafkaKey(form);
      set({ kafkaTest: { status: 'testing' } });
      let result: KafkaTestState;
      try {
        const outcome = await client().invoke('kafka:test', kafkaPayload(form));
        result = outcome.ok
          ? { status: 'ok', brokers: outcome.brokers, ms: outcome.ms }
          : { status: 'failed', error: outcome.error };
      } catch (e) {
        result = { status: 'failed', error: shownError(e) };
      }
      if (kafkaKey(get().kafka) !== key) return;
      set({ kafkaTest: result });
    },
  };
}
