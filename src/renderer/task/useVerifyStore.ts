import { api } from '../api.js';
import { createVerifyStore } from './verifyStore.js';

/** Verification runs of every task opened in this window. */
export const useVerifyStore = createVerifyStore(api);
