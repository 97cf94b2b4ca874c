import type { Database, Statement } from 'better-sqlite3';
import type { SecretBox } from './SecretBox.js';

export type EndpointRole = 'source' | 'target';

/** The sealed passwords of a task's two endpoints; deleted with the task. */
export class TaskSecretRepository {
  private readonly upsert: Statement<[string, EndpointRole, Buffer]>;
  private readonly one: Statement<[string, EndpointRole], { secret: Buffer }>;
  private readonly remove: Statement<[string, EndpointRole]>;

  constructor(
    db: Database,
    private readonly secrets: SecretBox,
  ) {
    this.upsert = db.prepare(`
      INSERT INTO task_secrets (task_id, role, secret) VALUES (?, ?, ?)
      ON CONFLICT (task_id, role) DO UPDATE SET secret = excluded.secret`);
    this.one = db.prepare('SELECT secret FROM task_secrets WHERE task_id = ? AND role = ?');
    this.remove = db.prepare('DELETE FROM task_secrets WHERE task_id = ? AND role = ?');
  }

  /** Seals `password`, or forgets the saved one when there is none. */
  put(taskId: string, role: EndpointRole, password: string | undefined): void {
    if (password === undefined) this.remove.run(taskId, role);
    else this.upsert.run(taskId, role, this.secrets.seal(password));
  }

  /** The clear-text password, or undefined if none was saved. Throws SECRET_UNREADABLE. */
  get(taskId: string, role: EndpointRole): string | undefined {
    const row = this.one.get(taskId, role);
    return row ? this.secrets.open(row.secret) : undefined;
  }
}
