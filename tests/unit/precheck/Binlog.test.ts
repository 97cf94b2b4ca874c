import { describe, expect, it } from 'vitest';
import { judgeBinlog, type BinlogSettings } from '../../../src/engine/precheck/BinlogCheck.js';

const good: BinlogSettings = {
  logBin: '1',
  format: 'ROW',
  rowImage: 'FULL',
  serverId: 101,
  retention: {
    binlogExpireLogsSeconds: '2592000',
    expireLogsDays: '0',
    binlogExpireLogsAutoPurge: 'ON',
  },
  transactionCompression: 'OFF',
  rowValueOptions: '',
  gtidMode: 'ON',
  gtidBinlogPos: null,
};

const byId = (settings: BinlogSettings) =>
  Object.fromEntries(judgeBinlog(settings).map((r) => [r.id, r]));

describe('judgeBinlog', () => {
  it('passes a ROW/FULL binlog with every result named', () => {
    const results = judgeBinlog(good);
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['source.binlog.enabled', 'pass'],
      ['source.binlog.format', 'pass'],
      ['source.binlog.row_image', 'pass'],
      ['source.binlog.server_id', 'pass'],
      ['source.binlog.retention', 'pass'],
      ['source.binlog.compression', 'pass'],
      ['source.binlog.partial_json', 'pass'],
      ['source.binlog.gtid', 'pass'],
    ]);
  });

  it('fails a disabled binlog with the my.cnf lines and nothing else', () => {
    const results = judgeBinlog({ ...good, logBin: '0', serverId: 0 });
    expect(results).toHaveLength(1);
    expect(results[0]?.status).toBe('fail');
    expect(results[0]?.fix).toContain('restart');
    for (const line of [
      'log_bin',
      'binlog_format = ROW',
      'binlog_row_image = FULL',
      'server_id = 1',
    ]) {
      expect(results[0]?.fix).toContain(line);
    }
  });

  it('fails STATEMENT and MIXED formats with SET GLOBAL', () => {
    for (const format of ['STATEMENT', 'MIXED']) {
      const r = byId({ ...good, format })['source.binlog.format'];
      expect(r?.status).toBe('fail');
      expect(r?.sql).toBe("SET GLOBAL binlog_format = 'ROW';");
      expect(r?.fix).toContain('my.cnf');
    }
  });

  it('fails MINIMAL and NOBLOB row images', () => {
    const r = byId({ ...good, rowImage: 'MINIMAL' })['source.binlog.row_image'];
    expect(r?.status).toBe('fail');
    expect(r?.sql).toBe("SET GLOBAL binlog_row_image = 'FULL';");
    expect(byId({ ...good, rowImage: 'noblob' })['source.binlog.row_image']?.status).toBe('fail');
  });

  it('fails server_id 0', () => {
    expect(byId({ ...good, serverId: 0 })['source.binlog.server_id']?.status).toBe('fail');
  });

  it('fails MySQL 8.0.20+ transaction compression and partial JSON', () => {
    const results = byId({
      ...good,
      transactionCompression: 'ON',
      rowValueOptions: 'PARTIAL_JSON',
    });
    expect(results['source.binlog.compression']).toMatchObject({
      status: 'fail',
      sql: 'SET GLOBAL binlog_transaction_compression = OFF;',
    });
    expect(results['source.binlog.partial_json']).toMatchObject({
      status: 'fail',
      sql: "SET GLOBAL binlog_row_value_options = '';",
    });
  });

  it('leaves out settings the server does not have, and reports MariaDB GTIDs', () => {
    const results = byId({
      ...good,
      transactionCompression: null,
      rowValueOptions: null,
      gtidMode: null,
      gtidBinlogPos: '0-101-20',
    });
    expect(results['source.binlog.compression']).toBeUndefined();
    expect(results['source.binlog.partial_json']).toBeUndefined();
    expect(results['source.binlog.gtid']?.detail).toContain('0-101-20');
  });
});
