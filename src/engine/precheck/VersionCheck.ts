/**
 * What the two servers are, and whether the task can work with them. Supported sources: MySQL
 * 5.7/8.0/8.4, MariaDB 10.2+, OceanBase MySQL mode; targets: OceanBase MySQL mode, MySQL, MariaDB.
 */
import type { ServerInfo } from '../../shared/catalog.js';
import type { CheckResult } from '../../shared/precheck.js';
import type { StepName, TargetKind } from '../../shared/task.js';
import { describeServer, formatVersion, versionAtLeast } from '../connect/Flavor.js';
import type { TaskSession } from '../task/TaskSession.js';
import { fail, pass, warn, type Check } from './Check.js';

const SOURCE_ID = 'source.version';
const SOURCE_TITLE = 'Source server';
const TARGET_ID = 'target.version';
const TARGET_TITLE = 'Target server';

export function judgeSource(info: ServerInfo, steps: readonly StepName[]): CheckResult {
  const what = describeServer(info);
  const v = info.version;
  if (info.flavor === 'mysql' && !versionAtLeast(v, 5, 6)) {
    return fail({
      id: SOURCE_ID,
      title: SOURCE_TITLE,
      detail: `${what}: older than 5.6, which introduced binlog_row_image and fractional-second temporal types; the binlog reader and the type mapping cannot handle it.`,
      fix: 'Upgrade the source to MySQL 5.7 or later, or migrate from an upgraded replica of it.',
    });
  }
  if (info.flavor === 'mariadb' && !versionAtLeast(v, 10, 0)) {
    return fail({
      id: SOURCE_ID,
      title: SOURCE_TITLE,
      detail: `${what}: MariaDB 5.x has no binlog_row_image and no GTIDs; the binlog reader cannot handle it.`,
      fix: 'Upgrade the source to MariaDB 10.2 or later, or migrate from an upgraded replica of it.',
    });
  }
  const untested =
    (info.flavor === 'mysql' && !versionAtLeast(v, 5, 7)) ||
    (info.flavor === 'mariadb' && !versionAtLeast(v, 10, 2));
  if (untested) {
    return warn({
      id: SOURCE_ID,
      title: SOURCE_TITLE,
      detail: `${what} is past its end of life and not tested (supported: MySQL 5.7, 8.0, 8.4 and MariaDB 10.2+); its information_schema and binlog events differ in places.`,
      fix: 'Expect rough edges; verify the migrated data carefully, or upgrade the source first.',
    });
  }
  const ob = info.obVersion;
  if (
    info.flavor === 'oceanbase' &&
    steps.includes('incremental') &&
    ob &&
    !versionAtLeast(ob, 4, 2, 1)
  ) {
    return warn({
      id: SOURCE_ID,
      title: SOURCE_TITLE,
      detail: `${what}: incremental sync reads OceanBase's binlog service (oblogproxy in binlog mode), which needs OceanBase 4.2.1 or later (Alibaba Cloud documents 3.2.4.4 / 4.1.0.1).`,
      fix: 'Check that the binlog service runs for this tenant and is reached through ODP; otherwise leave out the incremental step.',
    });
  }
  return pass(SOURCE_ID, SOURCE_TITLE, `${what} (${info.versionString})`);
}

/** `compatibilityMode` is @@ob_compatibility_mode, read only on OceanBase. */
export function judgeTarget(
  info: ServerInfo,
  kind: TargetKind,
  compatibilityMode: string | null,
): CheckResult {
  const what = describeServer(info);
  if (info.flavor === 'oceanbase' && compatibilityMode?.toUpperCase() === 'ORACLE') {
    return fail({
      id: TARGET_ID,
      title: TARGET_TITLE,
      detail: `${what}: the tenant is in Oracle mode (ob_compatibility_mode = ORACLE); Cutover writes MySQL-mode SQL.`,
      fix: 'Connect to a MySQL-mode tenant (user@tenant on port 2881, or user@tenant#cluster through ODP on 2883). The mode is fixed when a tenant is created.',
    });
  }
  if (kind === 'oceanbase' && info.flavor !== 'oceanbase') {
    return warn({
      id: TARGET_ID,
      title: TARGET_TITLE,
      detail: `The task says the target is OceanBase, but the server is ${what} (${info.versionString}). It is treated as a MySQL-compatible target: OceanBase conversion rules are not applied.`,
      fix: 'Check the target host and port (OceanBase: 2881 direct, 2883 through ODP), or set target.kind to "mysql".',
    });
  }
  if (info.flavor === 'oceanbase' && info.obVersion === null) {
    return warn({
      id: TARGET_ID,
      title: TARGET_TITLE,
      detail: `OceanBase (MySQL mode), but its release could not be read from "${info.versionString}" / "${info.versionComment}". The conversion rules assume the oldest release and may convert more than needed.`,
      fix: 'Check with SELECT OB_VERSION(); report the version string if it is a released OceanBase.',
    });
  }
  const emulates =
    info.flavor === 'oceanbase' ? `, MySQL ${formatVersion(info.version)} protocol` : '';
  return pass(TARGET_ID, TARGET_TITLE, `${what}${emulates} (${info.versionString})`);
}

export const versionCheck: Check = {
  id: 'versions',
  title: 'Server versions',
  async run(session: TaskSession) {
    const target = session.target.info;
    const mode =
      target.flavor === 'oceanbase' ? await session.target.variable('ob_compatibility_mode') : null;
    return [
      judgeSource(session.source.info, session.spec.steps),
      judgeTarget(target, session.spec.target.kind, mode),
    ];
  },
};
