import { describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../../src/engine/report/ReportHtml.js';
import { reportVerdict } from '../../../src/engine/report/ReportVerdict.js';
import { reportData, switchedOver, verification } from './fixtures.js';

/** The first table row with a cell `label`, in the section `section` if given. */
function rowOf(doc: string, label: string, section?: string): string {
  const start = section ? doc.indexOf(`<section id="${section}"`) : 0;
  const row = doc
    .slice(start)
    .split('<tr>')
    .find((r) => r.includes(`<td>${label}</td>`));
  if (!row) throw new Error(`no row for ${label}`);
  return row.slice(0, row.indexOf('</tr>'));
}

describe('renderReportHtml', () => {
  it('is one self-contained, printable document with every section', () => {
    const doc = renderReportHtml(reportData());
    expect(doc.startsWith('<!doctype html>')).toBe(true);
    for (const id of [
      'summary',
      'objects',
      'precheck',
      'migration',
      'full-copy',
      'stream',
      'verification',
      'switchover',
      'reverse',
      'log',
      'sign-off',
    ]) {
      expect(doc, id).toContain(`id="${id}"`);
    }
    expect(doc).toContain('<title>Cutover report: shop-to-ob</title>');
    expect(doc).toContain('10.0.0.5:3306 → 10.0.0.9:2881');
    expect(doc).toContain('Generated at');
    expect(doc).toContain('2025-03-01 11:00:00 UTC');
    expect(doc).toContain('Cutover version');
    // Nothing runs and nothing is fetched: it prints and archives the same anywhere.
    expect(doc).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|\shref=|url\(|@import/i);
    expect(doc).toContain('size: A4');
    expect(doc).toContain('@media print');
    expect(doc).toMatch(/section \{ break-before: page; \}/);
    expect(doc).toMatch(/tr,[^{]*\{ break-inside: avoid; \}/);
    expect(doc).toContain('thead { display: table-header-group; }');
    expect(doc.match(/class="field"/g)).toHaveLength(8);
  });

  it('summarises a verified, switched-over task as ready for sign-off', () => {
    const data = reportData();
    expect(reportVerdict(data)).toEqual({
      level: 'complete',
      headline: 'Migration complete: ready for sign-off',
      points: [
        'Consistent at the final verification on 2025-03-01 10:33:01 UTC: 1 table(s), 1,200 rows on each side.',
        'Switched over at 2025-03-01 10:36:05 UTC.',
        'Reverse sync shop-to-ob.reverse: running.',
      ],
    });
    const doc = renderReportHtml(data);
    expect(doc).toContain('<div class="verdict ok">');
    expect(doc).toContain('Final verification (switchover), 2025-03-01 10:33:01 UTC');
  });

  it('escapes every value: a table named <script> stays text', () => {
    const evil = '<script>alert("x")</script>';
    const data = reportData({
      tables: [{ source: `shop.${evil}`, target: `ob.${evil}`, columns: null, where: "a < 'b'" }],
      verifications: [
        verification({
          consistent: false,
          tables: [
            {
              source: `shop.${evil}`,
              target: `ob.${evil}`,
              rowsSource: 2,
              rowsTarget: 1,
              chunks: 1,
              chunksDiffering: 1,
              differences: [{ kind: 'missing', key: { id: '<b>1</b>' }, columns: [] }],
              differenceCount: 1,
              seconds: 0.1,
            },
          ],
        }),
      ],
      problems: {
        events: [{ ts: '2025-03-01T10:00:00.000Z', level: 'error', code: null, message: evil }],
        total: 1,
      },
    });
    const doc = renderReportHtml(data);
    expect(doc).not.toContain('<script');
    expect(doc).not.toContain('<b>1</b>');
    expect(doc).toContain('shop.&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(doc).toContain('a &lt; &#39;b&#39;');
    expect(doc).toContain('id=&lt;b&gt;1&lt;/b&gt;');
  });

  it('shows the switchover timeline with times, durations and the lag of each step', () => {
    const doc = renderReportHtml(reportData({ switchover: switchedOver(75) }));
    const checks = rowOf(doc, 'Pre-switch checks');
    expect(checks).toContain('2025-03-01 10:30:00 UTC');
    expect(checks).toContain('2025-03-01 10:31:15 UTC');
    expect(checks).toContain('<td class="num">1 min 15 s</td>');
    expect(checks).toContain('<td class="num">420 ms</td>');
    expect(rowOf(doc, 'Drain the change stream')).toContain('<td class="num">1.5 s</td>');
    for (const title of [
      'Stop writes on the source',
      'Final verification',
      'Create deferred objects',
      'Prepare reverse sync',
      'Move the applications',
    ]) {
      const row = rowOf(doc, title);
      expect(row, title).toContain('<span class="badge ok">done</span>');
      expect(row, title).toContain('<td class="num">1 min 15 s</td>');
      expect(row, title).toContain('<td class="num">—</td>');
    }
    expect(doc).toContain('mysql-bin.000007:1234 (GTID 0-102-55)');
  });

  it('says what is missing for a task without switchover or precheck record', () => {
    const data = reportData({
      task: { ...reportData().task, state: 'paused', currentStep: 'incremental' },
      precheck: null,
      switchover: null,
      reverse: null,
      verifications: [],
      problems: { events: [], total: 0 },
    });
    expect(reportVerdict(data)).toMatchObject({
      level: 'incomplete',
      points: ['No verification is recorded.', 'Not switched over: no switchover is recorded.'],
    });
    const doc = renderReportHtml(data);
    expect(doc).toContain('Not recorded: this task first ran before Cutover kept precheck results');
    expect(doc).toContain('No switchover is recorded');
    expect(doc).toContain('No reverse task is recorded');
    expect(doc).toContain('The task’s log has no warnings or errors.');
    expect(doc).toContain('shop-to-ob: paused (step: Incremental sync)');
  });

  it('flags differences, lists at most ten of them per table and counts the rest', () => {
    const differences = Array.from({ length: 10 }, (_, i) => ({
      kind: 'changed' as const,
      key: { id: String(i + 1) },
      columns: ['total'],
    }));
    const data = reportData({
      switchover: null,
      verifications: [
        verification({
          consistent: false,
          tables: [
            {
              ...verification().tables[0]!,
              rowsTarget: 1190,
              chunksDiffering: 1,
              differences,
              differenceCount: 25,
            },
          ],
        }),
      ],
    });
    expect(reportVerdict(data)).toMatchObject({
      level: 'attention',
      points: [
        'The latest verification on 2025-03-01 10:20:00 UTC found differences in 1 of 1 table(s).',
        'Not switched over: no switchover is recorded.',
      ],
    });
    const doc = renderReportHtml(data);
    expect(doc).toContain('<div class="verdict bad">');
    expect(doc.match(/<td>changed<\/td>/g)).toHaveLength(10);
    expect(doc).toContain('…and 15 more.');
  });

  it('gives the evidence of tables a final verification of changed tables left out', () => {
    const data = reportData({
      verifications: [
        verification({
          tables: [
            verification().tables[0]!,
            { ...verification().tables[0]!, source: 'shop.users', target: 'shop_ob.users' },
          ],
        }),
        verification({
          startedAt: '2025-03-01T10:33:01.000Z',
          unchanged: { tables: ['shop.users'], since: '2025-03-01T10:20:00.000Z' },
        }),
      ],
    });
    expect(reportVerdict(data).points[0]).toBe(
      'Consistent at the final verification on 2025-03-01 10:33:01 UTC: 2 table(s), 2,400 rows on each side (1 of them unchanged since the consistent verification of 2025-03-01 10:20:00 UTC).',
    );
    const doc = renderReportHtml(data);
    expect(rowOf(doc, 'shop.orders', 'verification')).toContain('<td>2025-03-01 10:33:01 UTC</td>');
    const users = rowOf(doc, 'shop.users', 'verification');
    expect(users.match(/<td class="num">1,200<\/td>/g)).toHaveLength(2);
    expect(users).toContain('<td>2025-03-01 10:20:00 UTC (unchanged since)</td>');
    expect(doc).toContain('2: 1 compared, 1 unchanged since 2025-03-01 10:20:00 UTC');
  });

  it('needs attention after a rollback or a failed switchover step', () => {
    const rolledBack = { ...switchedOver(), rolledBack: true };
    expect(reportVerdict(reportData({ switchover: rolledBack }))).toMatchObject({
      level: 'attention',
      points: [
        'Consistent at the latest verification on 2025-03-01 10:33:01 UTC: 1 table(s), 1,200 rows on each side.',
        'The switchover was rolled back: the source is the primary again.',
      ],
    });
    const failed = switchedOver();
    failed.steps.drain = { ...failed.steps.drain, state: 'failed', detail: 'source gone' };
    for (const step of ['verify', 'deferred', 'reverse', 'move-app'] as const) {
      failed.steps[step] = { state: 'pending', startedAt: null, finishedAt: null, detail: null };
    }
    expect(reportVerdict(reportData({ switchover: failed })).points[1]).toBe(
      'The switchover stopped at "Drain the change stream": source gone.',
    );
  });
});
