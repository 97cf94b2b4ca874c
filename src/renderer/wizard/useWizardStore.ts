import { api } from '../api.js';
import { createWizardStore } from './wizardStore.js';

/** The window's one wizard, talking to the host's engine. */
export const useWizardStore = createWizardStore(() => api());
