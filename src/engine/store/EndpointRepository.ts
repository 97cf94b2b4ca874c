import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { DatabaseEndpointSpec, SourceKind, TargetKind } from '../../shared/task.js';
import { returned } from './returning.js';
import { parseJson } from './json.js';
import type { SecretBox } from './SecretBox.js';

export type EndpointKind = SourceKind | TargetKind;

/** Everything about a connection except where it points and its password. */
export type EndpointOptions = Omit<
  DatabaseEndpointSpec,
  'kind' | 'host' | 'port' | 'user' | 'password'
>;

export interface SavedEndpoint {
  id: string;
  name: string;
  kind: EndpointKind;
  host: string;
  port: number;
  user: string;
  /** The password itself is only handed out by {@link EndpointRepository.password}. */
  hasPassword: boolean;
  options: EndpointOptions;
  createdAt: string;
  updatedAt: string;
}

export interface EndpointInput {
  name: string;
  kind: EndpointKind;
  host: string;
  port: number;
  user: string;
  /** undefined keeps the saved password, null removes it. */
  password?: string | null;
  options?: EndpointOptions;
}

interface EndpointRow {
  id: string;
  name: string;
  kind: EndpointKind;
  host: string;
  port: number;
  user: string;
  secret: Buffer | null;
  options_json: string;
  created_at: string;
  updated_at: string;
}

interface SaveParams {
  id: string;
  name: string;
  kind: EndpointKind;
  host: string;
  port: number;
  user: string;
  secret: Buffer | null;
  keepSecret: 0 | 1;
  optionsJson: string;
  now: string;
}

/** Saved connections; passwords are sealed by the SecretBox before they reach SQLite. */
export class EndpointRepository {
  private readonly upsert: Statement<SaveParams, EndpointRow>;
  private readonly byId: Statement<[string], EndpointRow>;
  private readonly byName: Statement<[string], EndpointRow>;
  private readonly all: Statement<[], EndpointRow>;
  private readonly remove: Statement<[string]>;

  constructor(
    db: Database,
    private readonly secrets: SecretBox,
  ) {
    this.upsert = db.prepare(`
      INSERT INTO endpoints (id, name, kind, host, port, user, secret, options_json, created_at, updated_at)
      VALUES (@id, @name, @kind, @host, @port, @user, @secret, @optionsJson, @now, @now)
      ON CONFLICT (name) DO UPDATE SET
        kind = excluded.kind,
        host = excluded.host,
        port = excluded.port,
        user = excluded.user,
        secret = CASE WHEN @keepSecret THEN endpoints.secret ELSE excluded.secret END,
        options_json = excluded.options_json,
        updated_at = excluded.updated_at
      RETURNING *`);
    this.byId = db.prepare('SELECT * FROM endpoints WHERE id = ?');
    this.byName = db.prepare('SELECT * FROM endpoints WHERE name = ?');
    this.all = db.prepare('SELECT * FROM endpoints ORDER BY name');
    this.remove = db.prepare('DELETE FROM endpoints WHERE id = ?');
  }

  /** Creates the endpoint, or updates the one with the same name. */
  save(input: EndpointInput): SavedEndpoint {
    const password = input.password;
    const row = this.upsert.get({
      id: randomUUID(),
      name: input.name,
      kind: input.kind,
      host: input.host,
      port: input.port,
      user: input.user,
      secret: typeof password === 'string' ? this.secrets.seal(password) : null,
      keepSecret: password === undefined ? 1 : 0,
      optionsJson: JSON.stringify(withoutPassword(input.options ?? {})),
      now: new Date().toISOString(),
    });
    return toEndpoint(returned(row, `Saving endpoint ${input.name}`));
  }

  get(id: string): SavedEndpoint | undefined {
    const row = this.byId.get(id);
    return row && toEndpoint(row);
  }

  getByName(name: string): SavedEndpoint | undefined {
    const row = this.byName.get(name);
    return row && toEndpoint(row);
  }

  list(): SavedEndpoint[] {
    return this.all.all().map(toEndpoint);
  }

  /** The clear-text password; undefined if none is saved. Throws SECRET_UNREADABLE. */
  password(id: string): string | undefined {
    const secret = this.byId.get(id)?.secret;
    return secret ? this.secrets.open(secret) : undefined;
  }

  delete(id: string): boolean {
    return this.remove.run(id).changes > 0;
  }
}

/** Options are typed without a password, but a spread task spec may still carry one. */
function withoutPassword(options: EndpointOptions): EndpointOptions {
  const copy: EndpointOptions & { password?: string } = { ...options };
  delete copy.password;
  return copy;
}

function toEndpoint(row: EndpointRow): SavedEndpoint {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    host: row.host,
    port: row.port,
    user: row.user,
    hasPassword: row.secret !== null,
    options: parseJson<EndpointOptions>(row.options_json, `endpoints.${row.name}.options_json`),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
