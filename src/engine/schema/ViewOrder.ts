import type { ViewDef } from '../../shared/catalog.js';
import { identifiersIn } from './Expressions.js';

const key = (database: string, name: string): string => `${database}.${name}`.toLowerCase();

/**
 * Views in an order where each comes after the views it selects from, otherwise as given.
 * information_schema prints view definitions with qualified, backquoted names, so a reference is
 * a mention of the other view's database and name in sequence.
 */
export function orderViews(views: readonly ViewDef[]): ViewDef[] {
  const byKey = new Map(views.map((v) => [key(v.database, v.name), v]));
  const dependsOn = (view: ViewDef): ViewDef[] => {
    const ids = identifiersIn(view.definition);
    const found = new Set<ViewDef>();
    ids.forEach((id, i) => {
      const next = ids[i + 1];
      const qualified = next !== undefined ? byKey.get(key(id, next)) : undefined;
      const local = byKey.get(key(view.database, id));
      for (const v of [qualified, local]) if (v && v !== view) found.add(v);
    });
    return [...found];
  };

  const ordered: ViewDef[] = [];
  const visiting = new Set<ViewDef>();
  const visit = (view: ViewDef): void => {
    if (ordered.includes(view) || visiting.has(view)) return;
    visiting.add(view);
    dependsOn(view).forEach(visit);
    visiting.delete(view);
    ordered.push(view);
  };
  views.forEach(visit);
  return ordered;
}
