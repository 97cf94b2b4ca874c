import type { SavedConnection } from '../../shared/api.js';

export type Side = 'source' | 'target';
export type EndpointKind = 'mysql' | 'oceanbase';

export const SIDES: readonly Side[] = ['source', 'target'];

export const SIDE_LABELS: Record<Side, string> = { source: 'Source', target: 'Target' };

export const DEFAULT_PORTS: Record<EndpointKind, number> = { mysql: 3306, oceanbase: 2881 };

/** One side's connection form, as typed. */
export interface EndpointForm {
  kind: EndpointKind;
  host: string;
  port: string;
  user: string;
  password: string;
  /** The saved connection the details came from; the engine fills its password in. */
  connection: string | null;
}

/** What the engine receives for an endpoint: a password, or the name of a saved connection. */
export type EndpointPayload = {
  kind: EndpointKind;
  host: string;
  port: number;
  user: string;
} & ({ password: string } | { connection: string; password?: string });

export function blankEndpoint(kind: EndpointKind): EndpointForm {
  return {
    kind,
    host: '',
    port: String(DEFAULT_PORTS[kind]),
    user: '',
    password: '',
    connection: null,
  };
}

export type EndpointEdit = Partial<
  Pick<EndpointForm, 'kind' | 'host' | 'port' | 'user' | 'password'>
>;

/**
 * Changing where the form points detaches it from its saved connection: that connection's
 * password must not be sent to another server. The port follows a kind change while it still
 * holds the previous kind's default.
 */
export function editEndpoint(form: EndpointForm, edit: EndpointEdit): EndpointForm {
  const next = { ...form, ...edit };
  if (edit.kind && edit.kind !== form.kind && form.port === String(DEFAULT_PORTS[form.kind])) {
    next.port = String(DEFAULT_PORTS[edit.kind]);
  }
  const moved = (['kind', 'host', 'port', 'user'] as const).some((f) => next[f] !== form[f]);
  if (moved) next.connection = null;
  return next;
}

export function fromSaved(saved: SavedConnection): EndpointForm {
  return {
    kind: saved.kind,
    host: saved.host,
    port: String(saved.port),
    user: saved.user,
    password: '',
    connection: saved.name,
  };
}

export function parsePort(port: string): number | null {
  const n = Number(port.trim());
  return /^\d+$/.test(port.trim()) && n >= 1 && n <= 65535 ? n : null;
}

/** Per field, what is wrong with it; empty when the form can be sent. */
export function endpointErrors(
  form: EndpointForm,
): Partial<Record<'host' | 'port' | 'user', string>> {
  return {
    ...(form.host.trim() === '' ? { host: 'Enter the host name or address.' } : {}),
    ...(parsePort(form.port) === null ? { port: 'Enter a port from 1 to 65535.' } : {}),
    ...(form.user.trim() === '' ? { user: 'Enter the user name.' } : {}),
  };
}

export function endpointPayload(form: EndpointForm): EndpointPayload {
  const base = {
    kind: form.kind,
    host: form.host.trim(),
    port: parsePort(form.port) ?? 0,
    user: form.user.trim(),
  };
  if (form.connection === null) return { ...base, password: form.password };
  // A password typed over a saved connection's is the one to use (the engine prefers it).
  return form.password === ''
    ? { ...base, connection: form.connection }
    : { ...base, connection: form.connection, password: form.password };
}
