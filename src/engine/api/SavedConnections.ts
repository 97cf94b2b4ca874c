import { z } from 'zod';
import type { SavedConnection } from '../../shared/api.js';
import { CutoverError } from '../errors.js';
import type { EndpointRepository, SavedEndpoint } from '../store/EndpointRepository.js';
import { parseEndpointSpec } from '../task/TaskFile.js';

type Fields = Record<string, unknown>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const saveInput = z.looseObject({
  name: z.string().trim().min(1, 'give the connection a name').max(64, 'use at most 64 characters'),
  password: z.string().nullable().optional(),
});

/**
 * Saved connections as the wizard uses them: an endpoint may say `"connection": "<name>"`, and
 * the saved details and sealed password are filled in here, so the password never travels
 * back to the window.
 */
export class SavedConnections {
  constructor(private readonly endpoints: EndpointRepository) {}

  list(): SavedConnection[] {
    return this.endpoints.list().map(toSaved);
  }

  save(input: unknown): SavedConnection {
    const parsed = saveInput.safeParse(input);
    if (!parsed.success) {
      throw new CutoverError(
        'TASK_FILE_INVALID',
        `The connection is not valid: ${parsed.error.issues.map((i) => i.message).join('; ')}.`,
        'Give the connection a name and its host, port and user.',
      );
    }
    const { name, password, ...rest } = parsed.data;
    const spec = parseEndpointSpec(rest, `connection ${name}`);
    const saved = this.endpoints.save({
      name,
      kind: spec.kind,
      host: spec.host,
      port: spec.port,
      user: spec.user,
      // An empty password field keeps the saved password rather than erasing it.
      ...(password === '' || password === undefined ? {} : { password }),
      options: {
        ...(spec.tls ? { tls: spec.tls } : {}),
        ...(spec.passwordEnv ? { passwordEnv: spec.passwordEnv } : {}),
        ...(spec.connectTimeoutMs ? { connectTimeoutMs: spec.connectTimeoutMs } : {}),
        ...(spec.queryTimeoutMs ? { queryTimeoutMs: spec.queryTimeoutMs } : {}),
      },
    });
    return toSaved(saved);
  }

  delete(name: string): boolean {
    const saved = this.endpoints.getByName(name);
    return saved ? this.endpoints.delete(saved.id) : false;
  }

  /** The endpoint with a named saved connection's details filled in; others pass unchanged. */
  resolveEndpoint(input: unknown, role: string): unknown {
    if (!isFields(input) || input.connection === undefined) return input;
    const { connection, ...given } = input;
    const saved = typeof connection === 'string' ? this.endpoints.getByName(connection) : undefined;
    if (!saved) {
      throw new CutoverError(
        'TASK_FILE_INVALID',
        `${role}: there is no saved connection named "${String(connection)}".`,
        'Choose a saved connection from the list, or enter the connection details.',
      );
    }
    const password = given.password ?? this.endpoints.password(saved.id);
    return {
      ...saved.options,
      kind: saved.kind,
      host: saved.host,
      port: saved.port,
      user: saved.user,
      ...given,
      ...(password === undefined ? {} : { password }),
    };
  }

  /** A task whose source and target may name saved connections. */
  resolveTask(input: unknown): unknown {
    if (!isFields(input)) return input;
    return {
      ...input,
      source: this.resolveEndpoint(input.source, 'source'),
      target: this.resolveEndpoint(input.target, 'target'),
    };
  }
}

function toSaved(e: SavedEndpoint): SavedConnection {
  return {
    id: e.id,
    name: e.name,
    kind: e.kind,
    host: e.host,
    port: e.port,
    user: e.user,
    hasPassword: e.hasPassword,
    updatedAt: e.updatedAt,
  };
}
