/**
 * Server defaults that change what the same data means or whether it is accepted: time_zone
 * (TIMESTAMP conversion) and sql_mode (strictness, zero dates, quoting in object bodies).
 */
import type { ServerInfo } from '../../shared/catalog.js';
import type { CheckResult } from '../../shared/precheck.js';
import type { TaskSession } from '../task/TaskSession.js';
import { pass, warn, type Check } from './Check.js';

type ZoneSettings = Pick<ServerInfo, 'timeZone' | 'systemTimeZone'>;

const UTC_NAMES = new Set(['utc', 'gmt', 'z', 'etc/utc', 'etc/gmt', 'universal', 'zulu']);

/** The zone sessions get by default, spelled so that equal zones compare equal. */
export function effectiveTimeZone(s: ZoneSettings): string {
  const zone = s.timeZone.toUpperCase() === 'SYSTEM' ? s.systemTimeZone : s.timeZone;
  const offset = /^([+-])(\d{1,2}):(\d{2})$/.exec(zone.trim());
  if (offset) {
    const [, sign, h, m] = offset;
    const text = `${sign}${(h ?? '').padStart(2, '0')}:${m}`;
    return text === '+00:00' || text === '-00:00' ? 'UTC' : text;
  }
  return UTC_NAMES.has(zone.trim().toLowerCase()) ? 'UTC' : zone.trim();
}

const describeZone = (s: ZoneSettings): string =>
  s.timeZone.toUpperCase() === 'SYSTEM'
    ? `SYSTEM (the host's zone, ${s.systemTimeZone})`
    : s.timeZone;

/** Offsets, UTC and region names (Europe/Berlin) can be set; abbreviations such as CST cannot. */
const settable = (zone: string): boolean =>
  zone === 'UTC' || /^[+-]\d\d:\d\d$/.test(zone) || zone.includes('/');

export function judgeTimeZone(source: ZoneSettings, target: ZoneSettings): CheckResult {
  const id = 'target.time_zone';
  const title = 'Time zone';
  const from = effectiveTimeZone(source);
  const to = effectiveTimeZone(target);
  if (from === to) return pass(id, title, `Both servers default to ${from}.`);
  return warn({
    id,
    title,
    detail: `The source defaults to time_zone ${describeZone(source)}, the target to ${describeZone(target)}. TIMESTAMP values are stored in UTC and shown in the session's zone, so applications that do not set time_zone read different wall-clock times on the target, and NOW(), CURRENT_TIMESTAMP defaults and ON UPDATE values differ. DATETIME values are not converted.`,
    fix: settable(from)
      ? "Set the target's default time zone to the source's (SQL below), or make sure the applications set time_zone in their sessions."
      : `Set the target's default time zone to the offset or region name that ${from} stands for on the source host (SET GLOBAL time_zone = '…'), or make sure the applications set time_zone in their sessions.`,
    ...(settable(from)
      ? { sql: `SET GLOBAL time_zone = '${from === 'UTC' ? '+00:00' : from}';` }
      : {}),
  });
}

export function modesOf(sqlMode: string): Set<string> {
  return new Set(
    sqlMode
      .split(',')
      .map((m) => m.trim().toUpperCase())
      .filter(Boolean),
  );
}

/** What a mode changes, for the modes that matter to a migration. */
const MODE_EFFECTS: Record<string, string> = {
  STRICT_TRANS_TABLES: 'invalid or too long values are rejected instead of adjusted with a warning',
  STRICT_ALL_TABLES: 'invalid or too long values are rejected instead of adjusted with a warning',
  NO_ZERO_DATE: "'0000-00-00' is rejected (with strict mode)",
  NO_ZERO_IN_DATE: "dates with a zero month or day ('2020-00-10') are rejected (with strict mode)",
  ERROR_FOR_DIVISION_BY_ZERO: 'division by zero is an error instead of NULL (with strict mode)',
  ANSI_QUOTES: '"text" is an identifier, not a string, in view, trigger and routine bodies',
  PIPES_AS_CONCAT: '|| concatenates instead of meaning OR in object bodies',
  NO_BACKSLASH_ESCAPES: 'backslash is an ordinary character in string literals',
  NO_AUTO_VALUE_ON_ZERO:
    'inserting 0 into an AUTO_INCREMENT column stores 0 instead of the next value',
  ONLY_FULL_GROUP_BY: 'GROUP BY queries (in views too) must name every non-aggregated column',
  PAD_CHAR_TO_FULL_LENGTH: 'CHAR values are read back padded with spaces',
};

const strict = (m: Set<string>): boolean =>
  m.has('STRICT_TRANS_TABLES') || m.has('STRICT_ALL_TABLES');
const refuses = (m: Set<string>, mode: string): boolean => strict(m) && m.has(mode);

export function judgeSqlMode(sourceMode: string, targetMode: string): CheckResult[] {
  const id = 'target.sql_mode';
  const title = 'SQL mode';
  const source = modesOf(sourceMode);
  const target = modesOf(targetMode);
  const onlySource = [...source].filter((m) => !target.has(m));
  const onlyTarget = [...target].filter((m) => !source.has(m));
  if (onlySource.length === 0 && onlyTarget.length === 0) {
    return [pass(id, title, `Both servers use sql_mode '${sourceMode}'.`)];
  }
  const effects = [...onlySource, ...onlyTarget]
    .filter((m) => MODE_EFFECTS[m])
    .map((m) => `${m}: ${MODE_EFFECTS[m]}`);
  const results: CheckResult[] = [
    warn({
      id,
      title,
      detail: [
        `sql_mode differs. Only on the source: ${onlySource.join(', ') || 'none'}. Only on the target: ${onlyTarget.join(', ') || 'none'}.`,
        ...effects.map((e) => `${e}.`),
      ].join(' '),
      fix: "The copy and apply sessions use the source's sql_mode, so the data moves as it is. Applications and object bodies (views, triggers, routines) run under the target's: align the target's default with the source's (SET GLOBAL sql_mode and my.cnf) or test the applications against it before switchover.",
      sql: `SET GLOBAL sql_mode = '${sourceMode}';`,
    }),
  ];
  const zeroDates = ['NO_ZERO_DATE', 'NO_ZERO_IN_DATE'].filter(
    (m) => !refuses(source, m) && refuses(target, m),
  );
  if (zeroDates.length > 0) {
    results.push(
      warn({
        id: 'target.sql_mode.zero_dates',
        title: 'Zero dates',
        detail: `The source accepts zero dates ('0000-00-00', '2020-00-10'); the target's sql_mode refuses them (${zeroDates.join(', ')} with strict mode).`,
        fix: "Loader sessions use the source's sql_mode, so zero dates already in the data are copied. After switchover, applications writing zero dates with the target's default sql_mode get errors: find them on the source (WHERE col = '0000-00-00') and replace them with NULL or a real date, or relax the target's sql_mode.",
      }),
    );
  }
  return results;
}

export const sessionDefaultsCheck: Check = {
  id: 'target.session_defaults',
  title: 'Time zone and SQL mode',
  async run(session: TaskSession) {
    const source = session.source.info;
    const target = session.target.info;
    return [judgeTimeZone(source, target), ...judgeSqlMode(source.sqlMode, target.sqlMode)];
  },
};
