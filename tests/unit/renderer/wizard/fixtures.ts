import type {
  ApiCalls,
  BrowseDatabase,
  BrowseTable,
  CallName,
} from '../../../../src/shared/api.js';
import type { ServerInfo } from '../../../../src/shared/catalog.js';
import type { WizardClient } from '../../../../src/renderer/wizard/wizardStore.js';

export function table(
  name: string,
  options: { hasKey?: boolean; columns?: string[]; rows?: number } = {},
): BrowseTable {
  return {
    name,
    estimatedRows: options.rows ?? 100,
    dataBytes: 16_384,
    hasKey: options.hasKey ?? true,
    columns: (options.columns ?? ['id', 'name', 'created_at']).map((c) => ({
      name: c,
      columnType: c === 'id' ? 'int(11)' : 'varchar(50)',
    })),
  };
}

export const SHOP: BrowseDatabase = {
  name: 'shop',
  tables: [
    table('orders', { columns: ['id', 'customer_id', 'total', 'created_at'] }),
    table('customers'),
    table('audit_log', { hasKey: false }),
    table('order_items'),
  ],
};

export const CRM: BrowseDatabase = { name: 'crm', tables: [table('leads'), table('notes')] };

export const CATALOG: BrowseDatabase[] = [SHOP, CRM];

export const MARIADB: ServerInfo = {
  flavor: 'mariadb',
  versionString: '10.11.19-MariaDB-log',
  version: { major: 10, minor: 11, patch: 19 },
  obVersion: null,
  versionComment: 'mariadb.org binary distribution',
  lowerCaseTableNames: 0,
  sqlMode: 'STRICT_TRANS_TABLES',
  timeZone: 'SYSTEM',
  systemTimeZone: 'UTC',
  maxAllowedPacket: 16_777_216,
  serverId: 1,
  characterSetServer: 'utf8mb4',
  collationServer: 'utf8mb4_general_ci',
};

type Handler<K extends CallName> = (
  ...args: ApiCalls[K]['args']
) => ApiCalls[K]['result'] | Promise<ApiCalls[K]['result']>;

export type Handlers = { [K in CallName]?: Handler<K> };

export interface Call {
  name: CallName;
  args: unknown[];
}

/** An engine stand-in that records every call and answers from the given handlers. */
export function fakeEngine(handlers: Handlers): { client: WizardClient; calls: Call[] } {
  const calls: Call[] = [];
  const invoke = async (name: CallName, ...args: unknown[]): Promise<unknown> => {
    calls.push({ name, args });
    const handler = handlers[name] as ((...a: unknown[]) => unknown) | undefined;
    if (!handler) throw new Error(`unexpected call ${name}`);
    return handler(...args);
  };
  return { client: { invoke: invoke as WizardClient['invoke'] }, calls };
}

/** Lets pending promise callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}
