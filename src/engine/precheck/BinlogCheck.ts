/**
 * The source's binlog, which incremental sync reads as a replica would: it must be on, in ROW
 * format with full row images (the applier matches rows by their before image), kept long
 * enough, and in a form the binlog reader can decode.
 */
import type { CheckResult } from '../../shared/precheck.js';
import { fail, pass, warn, type SourceCheck, type SourceView } from './Check.js';
import {
  binlogRetention,
  formatDuration,
  retentionSql,
  type RetentionSettings,
} from './Retention.js';

export interface BinlogSettings {
  logBin: string | null;
  format: string | null;
  rowImage: string | null;
  serverId: number;
  retention: RetentionSettings;
  /** MySQL 8.0.20+. */
  transactionCompression: string | null;
  /** MySQL 8.0.3+. */
  rowValueOptions: string | null;
  /** MySQL's gtid_mode. */
  gtidMode: string | null;
  /** MariaDB's GTID position. */
  gtidBinlogPos: string | null;
}

/** Below this the binlog may be purged before a long full copy ends. */
export const MIN_RETENTION_SECONDS = 86_400;
const SUGGESTED_RETENTION_SECONDS = 7 * 86_400;

const on = (v: string | null): boolean => v !== null && /^(1|ON)$/i.test(v.trim());

const MY_CNF = (serverId: number): string =>
  [
    '[mysqld]',
    'log_bin = mysql-bin',
    'binlog_format = ROW',
    'binlog_row_image = FULL',
    `server_id = ${serverId > 0 ? serverId : 1}`,
  ].join('\n');

const PERSIST =
  'Also set it in the [mysqld] section of my.cnf so a restart keeps it (MySQL 8.0+: SET PERSIST does both). Sessions already connected keep the old value until they reconnect, so restart or reconnect the applications.';

export function judgeBinlog(s: BinlogSettings): CheckResult[] {
  if (!on(s.logBin)) {
    return [
      fail({
        id: 'source.binlog.enabled',
        title: 'Binary log enabled',
        detail: `The binary log is off (log_bin = ${s.logBin ?? 'unknown'}); incremental sync reads changes from it.`,
        fix: `Add these lines to the [mysqld] section of the source's my.cnf and restart the server (log_bin cannot be turned on at runtime); server_id must differ from every other server replicating with it:\n${MY_CNF(s.serverId)}`,
      }),
    ];
  }
  const results: CheckResult[] = [
    pass('source.binlog.enabled', 'Binary log enabled', 'log_bin = ON'),
  ];

  const format = (s.format ?? '').toUpperCase();
  results.push(
    format === 'ROW'
      ? pass('source.binlog.format', 'Binlog format', 'binlog_format = ROW')
      : fail({
          id: 'source.binlog.format',
          title: 'Binlog format',
          detail: `binlog_format = ${s.format ?? 'unknown'}; incremental sync needs ROW events with the changed rows themselves.`,
          fix: `Run the SQL below. ${PERSIST}`,
          sql: "SET GLOBAL binlog_format = 'ROW';",
        }),
  );

  const image = (s.rowImage ?? '').toUpperCase();
  results.push(
    image === 'FULL'
      ? pass('source.binlog.row_image', 'Binlog row image', 'binlog_row_image = FULL')
      : fail({
          id: 'source.binlog.row_image',
          title: 'Binlog row image',
          detail: `binlog_row_image = ${s.rowImage ?? 'unknown'}; the applier needs every column of every changed row (before and after) to apply updates and deletes.`,
          fix: `Run the SQL below. ${PERSIST}`,
          sql: "SET GLOBAL binlog_row_image = 'FULL';",
        }),
  );

  results.push(
    s.serverId > 0
      ? pass('source.binlog.server_id', 'Server ID', `server_id = ${s.serverId}`)
      : fail({
          id: 'source.binlog.server_id',
          title: 'Server ID',
          detail: 'server_id = 0: the server refuses replication connections.',
          fix: `Set a server_id not used by any other server in the replication topology. ${PERSIST}`,
          sql: 'SET GLOBAL server_id = 1;',
        }),
  );

  results.push(judgeRetention(s.retention));

  if (s.transactionCompression !== null) {
    results.push(
      on(s.transactionCompression)
        ? fail({
            id: 'source.binlog.compression',
            title: 'Binlog transaction compression',
            detail:
              'binlog_transaction_compression = ON: transactions are written as compressed payload events, which the binlog reader cannot decode.',
            fix: `Turn it off; the task's start position must be after the change, since files written while it was on stay compressed. ${PERSIST}`,
            sql: 'SET GLOBAL binlog_transaction_compression = OFF;',
          })
        : pass(
            'source.binlog.compression',
            'Binlog transaction compression',
            'binlog_transaction_compression = OFF',
          ),
    );
  }

  if (s.rowValueOptions !== null) {
    results.push(
      /PARTIAL_JSON/i.test(s.rowValueOptions)
        ? fail({
            id: 'source.binlog.partial_json',
            title: 'Partial JSON updates in the binlog',
            detail:
              'binlog_row_value_options = PARTIAL_JSON: JSON updates are logged as diffs, which the binlog reader cannot apply.',
            fix: `Turn it off so JSON columns are logged whole. ${PERSIST}`,
            sql: "SET GLOBAL binlog_row_value_options = '';",
          })
        : pass(
            'source.binlog.partial_json',
            'Partial JSON updates in the binlog',
            `binlog_row_value_options = '${s.rowValueOptions}'`,
          ),
    );
  }

  if (s.gtidMode !== null) {
    results.push(pass('source.binlog.gtid', 'GTID mode', `gtid_mode = ${s.gtidMode}`));
  } else if (s.gtidBinlogPos !== null) {
    results.push(
      pass(
        'source.binlog.gtid',
        'GTID mode',
        `MariaDB GTIDs; current position ${s.gtidBinlogPos || '(none written yet)'}`,
      ),
    );
  }
  return results;
}

export function judgeRetention(settings: RetentionSettings): CheckResult {
  const id = 'source.binlog.retention';
  const title = 'Binlog retention';
  const r = binlogRetention(settings);
  if (r.seconds === null) {
    return pass(
      id,
      title,
      `Binlogs never expire automatically (${r.variable}); only PURGE BINARY LOGS removes them.`,
    );
  }
  const kept = `Binlogs are kept for ${formatDuration(r.seconds)} (${r.variable}).`;
  if (r.seconds >= MIN_RETENTION_SECONDS) return pass(id, title, kept);
  return warn({
    id,
    title,
    detail: `${kept} A full copy that takes longer loses the binlog incremental sync starts from, and the task must start over.`,
    fix: `Keep binlogs for longer than the full copy will take, e.g. ${formatDuration(SUGGESTED_RETENTION_SECONDS)}, with the SQL below. ${PERSIST}`,
    sql: retentionSql(settings, SUGGESTED_RETENTION_SECONDS),
  });
}

export const binlogCheck: SourceCheck = {
  id: 'source.binlog',
  title: 'Source binary log',
  async run(session: SourceView) {
    if (!session.spec.steps.includes('incremental')) return [];
    const v = (name: string): Promise<string | null> => session.source.variable(name);
    const [
      logBin,
      format,
      rowImage,
      seconds,
      days,
      autoPurge,
      compression,
      rowValue,
      gtidMode,
      gtidPos,
    ] = await Promise.all([
      v('log_bin'),
      v('binlog_format'),
      v('binlog_row_image'),
      v('binlog_expire_logs_seconds'),
      v('expire_logs_days'),
      v('binlog_expire_logs_auto_purge'),
      v('binlog_transaction_compression'),
      v('binlog_row_value_options'),
      session.source.info.flavor === 'mariadb' ? Promise.resolve(null) : v('gtid_mode'),
      session.source.info.flavor === 'mariadb' ? v('gtid_binlog_pos') : Promise.resolve(null),
    ]);
    return judgeBinlog({
      logBin,
      format,
      rowImage,
      serverId: session.source.info.serverId,
      retention: {
        binlogExpireLogsSeconds: seconds,
        expireLogsDays: days,
        binlogExpireLogsAutoPurge: autoPurge,
      },
      transactionCompression: compression,
      rowValueOptions: rowValue,
      gtidMode,
      gtidBinlogPos: gtidPos,
    });
  },
};
