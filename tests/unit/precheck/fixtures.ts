import type { ColumnDef, IndexDef, ServerInfo, TableDef } from '../../../src/shared/catalog.js';

export function server(over: Partial<ServerInfo> = {}): ServerInfo {
  return {
    flavor: 'mysql',
    versionString: '8.0.36',
    version: { major: 8, minor: 0, patch: 36 },
    obVersion: null,
    versionComment: 'MySQL Community Server - GPL',
    lowerCaseTableNames: 0,
    sqlMode: 'STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION',
    timeZone: 'SYSTEM',
    systemTimeZone: 'UTC',
    maxAllowedPacket: 64 * 1024 * 1024,
    serverId: 1,
    characterSetServer: 'utf8mb4',
    collationServer: 'utf8mb4_0900_ai_ci',
    ...over,
  };
}

export const mariadb = (over: Partial<ServerInfo> = {}): ServerInfo =>
  server({
    flavor: 'mariadb',
    versionString: '10.11.19-MariaDB-0+deb12u1',
    version: { major: 10, minor: 11, patch: 19 },
    versionComment: 'Debian 12',
    ...over,
  });

export const oceanbase = (over: Partial<ServerInfo> = {}): ServerInfo =>
  server({
    flavor: 'oceanbase',
    versionString: '5.7.25-OceanBase_CE-v4.2.1.0',
    version: { major: 5, minor: 7, patch: 25 },
    obVersion: { major: 4, minor: 2, patch: 1 },
    versionComment: 'OceanBase_CE 4.2.1.0 (r100000) (Built Oct 10 2023)',
    lowerCaseTableNames: 1,
    sqlMode: 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE',
    maxAllowedPacket: 16 * 1024 * 1024,
    ...over,
  });

export function column(name: string, columnType: string, over: Partial<ColumnDef> = {}): ColumnDef {
  return {
    name,
    columnType,
    dataType: columnType.replace(/\(.*$/, '').replace(/ .*$/, ''),
    nullable: true,
    default: { kind: 'null' },
    autoIncrement: false,
    onUpdate: null,
    generated: null,
    charset: /char|text|enum|set/.test(columnType) ? 'utf8mb4' : null,
    collation: null,
    comment: '',
    invisible: false,
    ...over,
  };
}

export function index(name: string, kind: IndexDef['kind'], columns: string[]): IndexDef {
  return {
    name,
    kind,
    parts: columns.map((c) => ({ column: c, expression: null, subPart: null, descending: false })),
    comment: '',
    invisible: false,
  };
}

export function table(name: string, columns: ColumnDef[], indexes: IndexDef[] = []): TableDef {
  return {
    database: 'shop',
    name,
    engine: 'InnoDB',
    charset: 'utf8mb4',
    collation: 'utf8mb4_general_ci',
    comment: '',
    autoIncrement: null,
    rowFormat: null,
    columns,
    indexes,
    foreignKeys: [],
    checks: [],
    partitionClause: null,
    estimatedRows: 0,
    dataBytes: 0,
  };
}
