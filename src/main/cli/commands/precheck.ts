import type { CheckResult } from '../../../shared/precheck.js';
import type { AnyTaskSpec } from '../../../shared/task.js';
import { precheckAnyTask } from '../../../engine/precheck/KafkaPrecheck.js';
import { summarise } from '../../../engine/precheck/Prechecker.js';
import { EXIT } from '../ExitCodes.js';
import type { Output } from '../Output.js';

function printResult(out: Output, r: CheckResult): void {
  const s = out.style;
  const tag =
    r.status === 'pass' ? s.green('PASS') : r.status === 'warn' ? s.yellow('WARN') : s.red('FAIL');
  out.line(`${tag}  ${r.title}: ${r.detail} ${s.dim(`[${r.id}]`)}`);
  if (r.objects?.length) {
    const shown = r.objects.slice(0, 10).join(', ');
    out.line(
      `      objects: ${shown}${r.objects.length > 10 ? `, … (${r.objects.length} in all)` : ''}`,
    );
  }
  if (r.status !== 'pass' && r.fix) out.line(`      fix: ${r.fix}`);
  if (r.status !== 'pass' && r.sql) {
    for (const l of r.sql.split('\n')) out.line(`      ${s.dim('sql>')} ${l}`);
  }
}

export async function precheckCommand(spec: AnyTaskSpec, out: Output): Promise<number> {
  out.line(out.style.bold(`Precheck of task ${spec.name}`));
  const results = await precheckAnyTask(spec);
  const order = { fail: 0, warn: 1, pass: 2 } as const;
  const sorted = [...results].sort((a, b) => order[a.status] - order[b.status]);
  for (const r of sorted) {
    printResult(out, r);
    out.record({ type: 'check', ...r });
  }
  const sum = summarise(results);
  out.line();
  out.line(`${sum.pass} passed, ${sum.warn} warnings, ${sum.fail} failed`);
  out.record({ type: 'summary', ...sum });
  return sum.fail > 0 ? EXIT.checksFailed : EXIT.ok;
}
