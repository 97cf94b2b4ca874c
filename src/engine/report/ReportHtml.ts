import type { StepState } from '../../shared/events.js';
import type { CheckResult, CheckStatus } from '../../shared/precheck.js';
import { SWITCHOVER_STEPS } from '../../shared/switchover.js';
import type { TableVerification, VerificationReport } from '../../shared/verify.js';
import type { SwitchoverStepState } from '../switchover/Switchover.js';
import { Html, html, type HtmlValue } from './Html.js';
import type { EndpointSummary, ReportData, StreamRecord } from './ReportData.js';
import {
  elapsedMs,
  formatBytes,
  formatCount,
  formatDuration,
  formatLag,
  formatTime,
  stepTitle,
  switchoverStepTitle,
  taskStateText,
} from './ReportFormat.js';
import { finalVerified, reportVerdict, type Verdict } from './ReportVerdict.js';
import { latestEvidence } from './VerificationEvidence.js';

/** Row differences listed per table; the count says how many there are in all. */
const DIFFERENCES_SHOWN = 10;

type Tone = 'ok' | 'warn' | 'bad' | 'muted';

const STEP_TONES: Record<StepState, Tone> = {
  done: 'ok',
  running: 'warn',
  failed: 'bad',
  pending: 'muted',
  skipped: 'muted',
};

const CHECK_TONES: Record<CheckStatus, Tone> = { pass: 'ok', warn: 'warn', fail: 'bad' };
const CHECK_ORDER: Record<CheckStatus, number> = { fail: 0, warn: 1, pass: 2 };

const TONE_OF_VERDICT: Record<Verdict['level'], Tone> = {
  complete: 'ok',
  incomplete: 'warn',
  attention: 'bad',
};

const KINDS: Record<string, string> = {
  mysql: 'MySQL / MariaDB',
  oceanbase: 'OceanBase (MySQL mode)',
};

const STYLE = new Html(`
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 10.5pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: #1a1a1a; background: #fff; margin: 0 auto; max-width: 210mm; padding: 12mm; }
h1 { font-size: 20pt; margin: 0 0 4pt; overflow-wrap: anywhere; }
h2 { font-size: 14pt; border-bottom: 1.5pt solid #1a1a1a; padding-bottom: 2pt; margin: 20pt 0 8pt; }
h3 { font-size: 11pt; margin: 14pt 0 6pt; }
h4 { font-size: 10pt; margin: 10pt 0 4pt; }
p { margin: 4pt 0; }
.kicker { text-transform: uppercase; letter-spacing: 0.08em; font-size: 9pt; color: #555; margin: 0; }
.route { font-size: 12pt; margin: 0 0 10pt; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2pt 12pt; margin: 6pt 0; }
dl.facts dt { font-weight: 600; color: #444; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
table { width: 100%; border-collapse: collapse; margin: 6pt 0 10pt; font-size: 9pt; }
caption { text-align: left; font-weight: 600; padding-bottom: 3pt; }
th, td { border: 0.75pt solid #bbb; padding: 3pt 5pt; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f0f0f0; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: 0 5pt; border: 0.75pt solid; border-radius: 3pt; font-size: 8.5pt; font-weight: 600; white-space: nowrap; }
.ok { color: #1b5e20; background: #e8f5e9; border-color: #a5d6a7; }
.warn { color: #7a4a00; background: #fff4e0; border-color: #ffcc80; }
.bad { color: #b71c1c; background: #fdecea; border-color: #ef9a9a; }
.muted { color: #555; background: #f5f5f5; border-color: #ccc; }
.verdict { border: 1.5pt solid; border-radius: 4pt; padding: 8pt 12pt; }
.verdict .headline { font-size: 13pt; font-weight: 700; margin: 0 0 4pt; }
.verdict ul { margin: 0; padding-left: 14pt; }
.note { color: #555; font-size: 9pt; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 8.5pt; overflow-wrap: anywhere; }
.signatures { display: grid; grid-template-columns: 1fr 1fr; gap: 18pt; margin-top: 12pt; }
.signature h3 { margin-top: 0; }
.field { margin-top: 22pt; }
.field .line { border-bottom: 0.75pt solid #1a1a1a; height: 14pt; }
.field .label { font-size: 8pt; color: #555; }
footer { margin-top: 24pt; font-size: 8pt; color: #555; border-top: 0.75pt solid #bbb; padding-top: 4pt; }
@page {
  size: A4;
  margin: 15mm 12mm 16mm;
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; color: #555; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 9.5pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section { break-before: page; }
  #summary { break-before: avoid; }
  h2, h3, h4, caption { break-after: avoid; }
  tr, .verdict, .signature, dl.facts { break-inside: avoid; }
  thead { display: table-header-group; }
}
`);

/**
 * The cutover report as one self-contained HTML document: inline style, no scripts, nothing
 * fetched, so it opens, prints and archives the same anywhere. Every value from the store goes
 * through `html`, which escapes it.
 */
export function renderReportHtml(data: ReportData): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="generator" content="Cutover ${data.version}" />
        <title>Cutover report: ${data.task.name}</title>
        <style>
          ${STYLE}
        </style>
      </head>
      <body>
        ${cover(data)}
        <main>
          ${summary(reportVerdict(data))} ${objects(data)} ${precheck(data)} ${migration(data)}
          ${verification(data)} ${switchover(data)} ${problems(data)} ${signOff(data)}
        </main>
        <footer>
          Cutover ${data.version} · report of task ${data.task.name} · generated
          ${formatTime(data.generatedAt)}
        </footer>
      </body>
    </html> `.text;
}

function badge(text: string, tone: Tone): Html {
  return html`<span class="badge ${tone}">${text}</span>`;
}

function section(id: string, title: string, ...body: Html[]): Html {
  return html`<section id="${id}" aria-labelledby="${id}-title">
    <h2 id="${id}-title">${title}</h2>
    ${body}
  </section>`;
}

function note(text: string): Html {
  return html`<p class="note">${text}</p>`;
}

/** A cell; `num` right-aligns it. */
interface Cell {
  value: HtmlValue;
  num?: boolean;
}

const num = (value: HtmlValue): Cell => ({ value, num: true });

function table(caption: string, head: (string | Cell)[], rows: (HtmlValue | Cell)[][]): Html {
  const isCell = (c: HtmlValue | Cell): c is Cell =>
    typeof c === 'object' && c !== null && 'value' in c;
  const th = (h: string | Cell) =>
    typeof h === 'string'
      ? html`<th scope="col">${h}</th>`
      : html`<th scope="col" class="num">${h.value}</th>`;
  const td = (c: HtmlValue | Cell) =>
    isCell(c)
      ? c.num
        ? html`<td class="num">${c.value}</td>`
        : html`<td>${c.value}</td>`
      : html`<td>${c}</td>`;
  return html`<table>
    <caption>
      ${caption}
    </caption>
    <thead>
      <tr>
        ${head.map(th)}
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (r) =>
          html`<tr>
            ${r.map(td)}
          </tr> `,
      )}
    </tbody>
  </table>`;
}

function facts(entries: [string, HtmlValue][]): Html {
  return html`<dl class="facts">
    ${entries.map(
      ([k, v]) =>
        html`<dt>${k}</dt>
          <dd>${v}</dd>`,
    )}
  </dl>`;
}

/** One item per line; a dash when there are none. */
function lines(items: string[]): Html {
  if (items.length === 0) return html`—`;
  return html`${items.map((item, i) => (i === 0 ? html`${item}` : html`<br />${item}`))}`;
}

function endpoint(e: EndpointSummary): string {
  const tls = e.tls ? `, TLS ${e.tls}` : '';
  return `${KINDS[e.kind] ?? e.kind} at ${e.address}, user ${e.user}${tls}`;
}

function stateBadge(state: StepState): Html {
  return badge(state, STEP_TONES[state]);
}

function cover(data: ReportData): Html {
  const t = data.task;
  const current = t.currentStep ? ` (step: ${stepTitle(t.currentStep)})` : '';
  return html`<header>
    <p class="kicker">Cutover report</p>
    <h1>${t.name}</h1>
    <p class="route">${data.source.address} → ${data.target.address}</p>
    ${facts([
      ['Task', `${t.name}: ${taskStateText(t.state)}${current}`],
      ['Source', endpoint(data.source)],
      ['Target', endpoint(data.target)],
      ['Steps', t.steps.map(stepTitle).join(' → ')],
      ['Task created', formatTime(t.createdAt)],
      ['Generated at', formatTime(data.generatedAt)],
      ['Cutover version', data.version],
    ])}
  </header>`;
}

function summary(verdict: Verdict): Html {
  return section(
    'summary',
    '1. Summary',
    html`<div class="verdict ${TONE_OF_VERDICT[verdict.level]}">
      <p class="headline">${verdict.headline}</p>
      <ul>
        ${verdict.points.map((p) => html`<li>${p}</li>`)}
      </ul>
    </div>`,
  );
}

function objects(data: ReportData): Html {
  const rules = table(
    'Selection (the task file’s object rules)',
    ['Source database', 'Tables', 'Excluded', 'Target database', 'Renames', 'Columns', 'Filters'],
    data.selection.map((r) => [
      r.database,
      r.tables.join(', '),
      (r.exclude ?? []).join(', ') || '—',
      r.targetDatabase ?? r.database,
      lines(Object.entries(r.rename ?? {}).map(([from, to]) => `${from} → ${to}`)),
      lines(Object.entries(r.columns ?? {}).map(([t, cols]) => `${t}: ${cols.join(', ')}`)),
      lines(Object.entries(r.where ?? {}).map(([t, where]) => `${t}: ${where}`)),
    ]),
  );
  const resolved =
    data.tables.length === 0
      ? note('No tables are recorded yet: the task has not copied or verified any.')
      : html`${table(
          `Tables (${data.tables.length})`,
          [num('#'), 'Source', 'Target', 'Columns', 'Row filter'],
          data.tables.map((t, i) => [
            num(i + 1),
            t.source,
            t.target,
            t.columns ? t.columns.join(', ') : 'all',
            t.where ?? '—',
          ]),
        )}${note(
          data.tablesFrom === 'stream'
            ? 'As the change stream last recorded them, after the DDL it carried over.'
            : 'As the full copy and the verification recorded them.',
        )}`;
  return section('objects', '2. Objects', rules, resolved, schemaObjects(data));
}

function schemaObjects(data: ReportData): Html {
  if (data.schemaObjects.length === 0) {
    return note(
      'No objects on the target are recorded: the task has no schema step, or it has not run.',
    );
  }
  const kinds = [...new Set(data.schemaObjects.map((o) => o.kind))];
  const count = (kind: string, state: string) =>
    num(data.schemaObjects.filter((o) => o.kind === kind && o.state === state).length);
  const counts = table(
    'Objects on the target',
    ['Kind', num('Created'), num('Already there'), num('Skipped'), num('Failed')],
    kinds.map((k) => [
      k,
      count(k, 'created'),
      count(k, 'exists'),
      count(k, 'skipped'),
      count(k, 'failed'),
    ]),
  );
  const notable = data.schemaObjects.filter((o) => o.state === 'skipped' || o.state === 'failed');
  return html`${counts}${
    notable.length > 0
      ? table(
          'Objects skipped or failed',
          ['Kind', 'Object', 'Phase', 'State', 'Reason'],
          notable.map((o) => [
            o.kind,
            o.object,
            o.phase,
            badge(o.state, o.state === 'failed' ? 'bad' : 'muted'),
            o.error ?? '—',
          ]),
        )
      : ''
  }`;
}

function precheck(data: ReportData): Html {
  const record = data.precheck;
  if (!record) {
    return section(
      'precheck',
      '3. Precheck',
      note(
        'Not recorded: this task first ran before Cutover kept precheck results, or has not run yet. `cutover precheck TASK.json` shows the checks as they stand now.',
      ),
    );
  }
  const counted = (s: CheckStatus) => record.results.filter((r) => r.status === s).length;
  const sorted = [...record.results].sort(
    (a: CheckResult, b: CheckResult) => CHECK_ORDER[a.status] - CHECK_ORDER[b.status],
  );
  return section(
    'precheck',
    '3. Precheck',
    html`<p>
      Ran at ${formatTime(record.ranAt)}, before the task’s first step: ${counted('pass')} passed,
      ${counted('warn')} warning(s), ${counted('fail')} failed.
    </p>`,
    table(
      'Checks',
      ['Status', 'Check', 'Found', 'Fix'],
      sorted.map((r) => [
        badge(r.status, CHECK_TONES[r.status]),
        html`${r.title}<br /><code>${r.id}</code>`,
        r.detail,
        r.fix || '—',
      ]),
    ),
  );
}

function migration(data: ReportData): Html {
  const recorded = new Map(data.steps.map((s) => [s.step, s]));
  const steps = table(
    'Steps',
    ['Step', 'State', 'Started', 'Finished', num('Duration'), 'Error'],
    data.task.steps.map((name) => {
      const s = recorded.get(name);
      return [
        stepTitle(name),
        stateBadge(s?.state ?? 'pending'),
        formatTime(s?.startedAt),
        formatTime(s?.finishedAt),
        num(formatDuration(elapsedMs(s?.startedAt ?? null, s?.finishedAt ?? null))),
        s?.error ?? '—',
      ];
    }),
  );
  return section(
    'migration',
    '4. Migration',
    steps,
    html`<h3 id="full-copy">Full copy per table</h3>`,
    fullCopy(data),
    html`<h3 id="stream">Change stream</h3>`,
    stream(data.stream, 'No change stream is recorded for this task.'),
  );
}

function fullCopy(data: ReportData): Html {
  if (data.fullCopy.length === 0) return note('No full copy is recorded for this task.');
  const rows = data.fullCopy.reduce((n, t) => n + t.rowsDone, 0);
  const bytes = data.fullCopy.reduce((n, t) => n + t.bytesDone, 0);
  return html`${table(
    `Tables copied (${data.fullCopy.length})`,
    [
      'Source',
      'Target',
      'State',
      num('Rows copied'),
      num('Rows estimated'),
      num('Chunks'),
      num('Size'),
      'Last update',
    ],
    [
      ...data.fullCopy.map((t) => [
        t.source,
        t.target,
        stateBadge(t.state),
        num(formatCount(t.rowsDone)),
        num(t.rowsTotal === null ? '—' : formatCount(t.rowsTotal)),
        num(formatCount(t.chunksDone)),
        num(formatBytes(t.bytesDone)),
        formatTime(t.updatedAt),
      ]),
      [
        html`<strong>All tables</strong>`,
        '',
        '',
        num(formatCount(rows)),
        '',
        '',
        num(formatBytes(bytes)),
        '',
      ],
    ],
  )}${note('Rows estimated come from the source’s statistics before the copy; the verification below counts exactly.')}`;
}

function stream(record: StreamRecord | null, missing: string): Html {
  if (!record) return note(missing);
  const s = record.stats;
  return facts([
    ['Latest lag', formatLag(s.lagMs)],
    ['Lag p50 / p99 (last minute)', `${formatLag(s.lagP50Ms)} / ${formatLag(s.lagP99Ms)}`],
    [
      'Lag measured by',
      s.lagSource === 'heartbeat'
        ? 'heartbeat rows (milliseconds)'
        : 'binlog event times (seconds)',
    ],
    [
      'Rates',
      `${formatCount(s.eventsPerSecond)} transactions/s, ${formatCount(s.rowsPerSecond)} rows/s`,
    ],
    [
      'Applied in its last run',
      `${formatCount(s.transactionsApplied)} transactions, ${formatCount(s.rowsApplied)} rows`,
    ],
    ['Measured at', formatTime(record.updatedAt)],
  ]);
}

function verification(data: ReportData): Html {
  const latest = data.verifications.at(-1);
  if (!latest) {
    return section('verification', '5. Verification', note('No verification is recorded.'));
  }
  const earlier = data.verifications.slice(0, -1).reverse();
  const title = finalVerified(data) ? 'Final verification (switchover)' : 'Latest verification';
  return section(
    'verification',
    '5. Verification',
    html`<h3>${title}, ${formatTime(latest.startedAt)}</h3>`,
    verificationFacts(data, latest),
    evidenceTable(data),
    html`${latest.tables.filter((t) => t.differenceCount > 0).map(differences)}`,
    note(
      'Each table is compared on both servers in key ranges (row count and a checksum of every row’s exact values); ranges that differ are compared row by row.',
    ),
    earlier.length === 0
      ? html``
      : table(
          'Earlier verifications',
          [
            'Started',
            'Result',
            num('Tables'),
            num('Rows on source'),
            num('Differences'),
            num('Duration'),
          ],
          earlier.map((v) => [
            formatTime(v.startedAt),
            resultBadge(v),
            num(v.tables.length),
            num(formatCount(v.tables.reduce((n, t) => n + t.rowsSource, 0))),
            num(formatCount(v.tables.reduce((n, t) => n + t.differenceCount, 0))),
            num(formatDuration(v.seconds * 1000)),
          ]),
        ),
  );
}

/** Per table, the comparison the latest verification stands on, with its figures. */
function evidenceTable(data: ReportData): Html {
  const latest = data.verifications.at(-1);
  const evidence = latestEvidence(data.verifications);
  const since = latest?.unchanged?.since;
  return html`${table(
    'Per table',
    [
      'Source',
      'Target',
      num('Rows on source'),
      num('Rows on target'),
      num('Chunks'),
      num('Differences'),
      num('Time'),
      'Compared',
    ],
    evidence.map(({ table: t, comparedAt, inLatest }) => [
      t.source,
      t.target,
      num(formatCount(t.rowsSource)),
      num(formatCount(t.rowsTarget)),
      num(formatCount(t.chunks)),
      num(
        t.differenceCount === 0 ? badge('0', 'ok') : badge(formatCount(t.differenceCount), 'bad'),
      ),
      num(formatDuration(t.seconds * 1000)),
      inLatest ? formatTime(comparedAt) : `${formatTime(comparedAt)} (unchanged since)`,
    ]),
  )}${
    since
      ? note(
          `Tables marked “unchanged since” were not compared again: the change stream read no change to them after the consistent verification of ${formatTime(since)}, whose figures they show.`,
        )
      : html``
  }`;
}

function resultBadge(v: VerificationReport): Html {
  return v.consistent ? badge('consistent', 'ok') : badge('differences', 'bad');
}

function verificationFacts(data: ReportData, v: VerificationReport): Html {
  const evidence = latestEvidence(data.verifications).map((e) => e.table);
  const rowsSource = evidence.reduce((n, t) => n + t.rowsSource, 0);
  const rowsTarget = evidence.reduce((n, t) => n + t.rowsTarget, 0);
  const carried = evidence.length - v.tables.length;
  return facts([
    ['Result', resultBadge(v)],
    ['Started', formatTime(v.startedAt)],
    ['Duration', formatDuration(v.seconds * 1000)],
    [
      'Tables',
      v.unchanged && carried > 0
        ? `${formatCount(evidence.length)}: ${formatCount(v.tables.length)} compared, ${formatCount(carried)} unchanged since ${formatTime(v.unchanged.since)}`
        : formatCount(evidence.length),
    ],
    ['Rows', `${formatCount(rowsSource)} on the source, ${formatCount(rowsTarget)} on the target`],
  ]);
}

function differences(t: TableVerification): Html {
  const shown = t.differences.slice(0, DIFFERENCES_SHOWN);
  const more = t.differenceCount - shown.length;
  return html`<h4>Differences in ${t.source}</h4>
    ${table(
      `${formatCount(t.differenceCount)} row(s) differ`,
      ['Kind', 'Key', 'Columns that differ'],
      shown.map((d) => [
        d.kind,
        html`<code
          >${Object.entries(d.key)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ')}</code
        >`,
        d.columns.join(', ') || '—',
      ]),
    )}${more > 0 ? note(`…and ${formatCount(more)} more.`) : html``}`;
}

function switchover(data: ReportData): Html {
  const state = data.switchover;
  if (!state) {
    return section(
      'switchover',
      '6. Switchover and reverse sync',
      note('No switchover is recorded: the application has not been moved to the target.'),
      reverse(data),
    );
  }
  const row = (step: (typeof SWITCHOVER_STEPS)[number], i: number) => {
    const s: SwitchoverStepState = state.steps[step];
    return [
      num(i + 1),
      switchoverStepTitle(step),
      stateBadge(s.state),
      formatTime(s.startedAt),
      formatTime(s.finishedAt),
      num(formatDuration(elapsedMs(s.startedAt, s.finishedAt))),
      num(formatLag(s.lagMs)),
      s.detail ?? '—',
    ];
  };
  const from = state.reverseFrom;
  return section(
    'switchover',
    '6. Switchover and reverse sync',
    table(
      'Switchover timeline',
      [
        num('#'),
        'Step',
        'State',
        'Started',
        'Finished',
        num('Duration'),
        num('Lag at end'),
        'Detail',
      ],
      SWITCHOVER_STEPS.map(row),
    ),
    note(
      'Lag is the forward change stream’s, measured when the steps that run it (checks, drain) ended. A step’s start is its first attempt; a step paused at a question and continued later includes the wait.',
    ),
    facts([
      ['Source set read-only by Cutover', state.readOnlySet ? 'yes' : 'no'],
      [
        'Reverse stream starts at',
        from ? `${from.file}:${from.pos}${from.gtid ? ` (GTID ${from.gtid})` : ''}` : '—',
      ],
      ['Rolled back', state.rolledBack ? 'yes: the source is the primary again' : 'no'],
    ]),
    reverse(data),
  );
}

function reverse(data: ReportData): Html {
  const r = data.reverse;
  if (!r) {
    return html`<h3 id="reverse">Reverse sync</h3>
      ${note(
        'No reverse task is recorded: it is prepared by the switchover, before the applications move.',
      )}`;
  }
  return html`<h3 id="reverse">Reverse sync</h3>
    ${facts([
      ['Task', r.name],
      [
        'State',
        `${taskStateText(r.state)}${r.currentStep ? ` (step: ${stepTitle(r.currentStep)})` : ''}`,
      ],
      ['Last error', r.error ?? '—'],
      ['Updated at', formatTime(r.updatedAt)],
    ])}${stream(r.stream, 'The reverse stream has not run yet.')}`;
}

function problems(data: ReportData): Html {
  const { events, total } = data.problems;
  if (total === 0) {
    return section(
      'log',
      '7. Warnings and errors',
      note('The task’s log has no warnings or errors.'),
    );
  }
  const cap = total > events.length ? `; the newest ${events.length} are listed` : '';
  return section(
    'log',
    '7. Warnings and errors',
    html`<p>${formatCount(total)} warning(s) and error(s) in the task’s log${cap}.</p>`,
    table(
      'Log',
      ['Time', 'Level', 'Code', 'Message'],
      events.map((e) => [
        formatTime(e.ts),
        badge(e.level, e.level === 'error' ? 'bad' : 'warn'),
        e.code ? html`<code>${e.code}</code>` : '—',
        e.message,
      ]),
    ),
  );
}

function signOff(data: ReportData): Html {
  const field = (label: string) =>
    html`<div class="field">
      <div class="line"></div>
      <div class="label">${label}</div>
    </div>`;
  const party = (title: string) =>
    html`<div class="signature">
      <h3>${title}</h3>
      ${field('Name')}${field('Role and organisation')}${field('Signature')}${field('Date')}
    </div>`;
  return section(
    'sign-off',
    '8. Sign-off',
    html`<p>
      The undersigned have reviewed this report of task
      <strong>${data.task.name}</strong> (${data.source.address} → ${data.target.address}),
      generated ${formatTime(data.generatedAt)}, and accept the migration it records.
    </p>`,
    html`<div class="signatures">
      ${party('Migration performed by')}${party('Accepted by the customer')}
    </div>`,
  );
}
