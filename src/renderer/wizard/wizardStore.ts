import { create, type StoreApi, type UseBoundStore } from 'zustand';
import type { CutoverApi } from '../../shared/api.js';
import {
  connectionsActions,
  connectionsData,
  type ConnectionsActions,
  type ConnectionsData,
} from './connectionsSlice.js';
import {
  objectsActions,
  objectsData,
  type ObjectsActions,
  type ObjectsData,
} from './objectsSlice.js';
import { reviewActions, reviewData, type ReviewActions, type ReviewData } from './reviewSlice.js';

export type WizardClient = Pick<CutoverApi, 'invoke'>;

export const WIZARD_STEPS = [
  'Connections',
  'Objects',
  'Precheck',
  'Schema preview',
  'Start',
] as const;

const PLAN_STEP = WIZARD_STEPS.indexOf('Schema preview');

/** The steps offered, as indexes into WIZARD_STEPS: Kafka has no schema to preview. */
export function offeredSteps(state: Pick<WizardState, 'targetType'>): number[] {
  return WIZARD_STEPS.map((_, i) => i).filter(
    (i) => i !== PLAN_STEP || state.targetType !== 'kafka',
  );
}

export interface WizardState
  extends
    ConnectionsData,
    ConnectionsActions,
    ObjectsData,
    ObjectsActions,
    ReviewData,
    ReviewActions {
  /** Index into WIZARD_STEPS. */
  step: number;
  goTo(step: number): void;
  /** Back to an empty form, as after the task was handed to the engine. */
  reset(): void;
}

export type WizardStore = UseBoundStore<StoreApi<WizardState>>;

/** What each part of the store is built with. */
export interface SliceContext {
  set: StoreApi<WizardState>['setState'];
  get: StoreApi<WizardState>['getState'];
  /** Looked up at each call, so the store can be made before the host's API exists. */
  client: () => WizardClient;
}

export interface WizardStoreOptions {
  /** How long typing must pause before a row filter is checked. */
  filterDelayMs?: number;
}

export function createWizardStore(
  client: () => WizardClient,
  options: WizardStoreOptions = {},
): WizardStore {
  return create<WizardState>()((set, get) => {
    const context: SliceContext = { set, get, client };
    const objects = objectsActions(context, options.filterDelayMs ?? 300);
    return {
      step: 0,
      ...connectionsData(),
      ...objectsData(),
      ...reviewData(),
      ...connectionsActions(context),
      ...objects,
      ...reviewActions(context),
      goTo: (step) => set({ step: Math.max(0, Math.min(WIZARD_STEPS.length - 1, step)) }),
      reset() {
        objects.cancelFilterChecks();
        set({ step: 0, ...connectionsData(), ...objectsData(), ...reviewData() });
      },
    };
  });
}
