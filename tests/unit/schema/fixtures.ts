import type {
  ColumnDef,
  DatabaseCatalog,
  IndexDef,
  IndexPart,
  ServerInfo,
  TableDef,
  TableMapping,
} from '../../../src/shared/catalog.js';
import { server } from '../precheck/fixtures.js';

/** A column as the catalog reader reports it; dataType comes from the type's first word. */
export function column(
  name: string,
  columnType: string,
  overrides: Partial<ColumnDef> = {},
): ColumnDef {
  const dataType = (/^[a-z]+/i.exec(columnType)?.[0] ?? columnType).toLowerCase();
  const character = /^(char|varchar|tinytext|text|mediumtext|longtext|enum|set)$/.test(dataType);
  return {
    name,
    columnType,
    dataType,
    nullable: true,
    default: { kind: 'null' },
    autoIncrement: false,
    onUpdate: null,
    generated: null,
    charset: character ? 'utf8mb4' : null,
    collation: character ? 'utf8mb4_general_ci' : null,
    comment: '',
    invisible: false,
    ...overrides,
  };
}

export function part(columnName: string, overrides: Partial<IndexPart> = {}): IndexPart {
  return { column: columnName, expression: null, subPart: null, descending: false, ...overrides };
}

export function index(
  name: string,
  kind: IndexDef['kind'],
  parts: IndexPart[],
  overrides: Partial<IndexDef> = {},
): IndexDef {
  return { name, kind, parts, comment: '', invisible: false, ...overrides };
}

export const primaryKey = (...columns: string[]): IndexDef =>
  index(
    'PRIMARY',
    'primary',
    columns.map((c) => part(c)),
  );

export function table(overrides: Partial<TableDef> = {}): TableDef {
  return {
    database: 'shop',
    name: 'orders',
    engine: 'InnoDB',
    charset: 'utf8mb4',
    collation: 'utf8mb4_general_ci',
    comment: '',
    autoIncrement: null,
    rowFormat: null,
    columns: [column('id', 'int(11)', { nullable: false, default: { kind: 'none' } })],
    indexes: [primaryKey('id')],
    foreignKeys: [],
    checks: [],
    partitionClause: null,
    estimatedRows: 0,
    dataBytes: 0,
    ...overrides,
  };
}

export function catalog(name: string, overrides: Partial<DatabaseCatalog> = {}): DatabaseCatalog {
  return {
    name,
    charset: 'utf8mb4',
    collation: 'utf8mb4_general_ci',
    tables: [],
    views: [],
    triggers: [],
    routines: [],
    events: [],
    ...overrides,
  };
}

export function mapping(
  source: string,
  target: string = source,
  extra: Partial<Pick<TableMapping, 'columns' | 'where'>> = {},
): TableMapping {
  const [sdb = '', stable = ''] = source.split('.');
  const [tdb = '', ttable = ''] = target.split('.');
  return {
    source: { database: sdb, table: stable },
    target: { database: tdb, table: ttable },
    columns: extra.columns ?? null,
    where: extra.where ?? null,
  };
}

export const mysqlTarget = (): ServerInfo => server({});

export const mariadbTarget = (): ServerInfo =>
  server({
    flavor: 'mariadb',
    versionString: '10.11.6-MariaDB',
    version: { major: 10, minor: 11, patch: 6 },
    versionComment: 'Debian 12',
  });

/** An OceanBase target, e.g. obTarget('4.1.0') or obTarget('4.2.1', { ce: true }). */
export function obTarget(version: string | null, opts: { ce?: boolean } = {}): ServerInfo {
  const [major = 0, minor = 0, patch = 0] = (version ?? '0.0.0').split('.').map(Number);
  const edition = opts.ce ? 'OceanBase_CE' : 'OceanBase';
  return server({
    flavor: 'oceanbase',
    versionString: `5.7.25-${edition}-v${version ?? 'x'}.0`,
    version: { major: 5, minor: 7, patch: 25 },
    obVersion: version === null ? null : { major, minor, patch },
    versionComment: `${edition} ${version ?? ''}`,
    collationServer: 'utf8mb4_general_ci',
  });
}
