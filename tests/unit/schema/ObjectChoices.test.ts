import { describe, expect, it } from 'vitest';
import { choicesFor, DEFAULT_CHOICES } from '../../../src/engine/schema/ObjectChoices.js';

describe('choicesFor', () => {
  it('defaults to views and triggers, not routines and events', () => {
    expect(choicesFor('shop', [])).toEqual({
      views: 'migrate',
      triggers: 'migrate',
      routines: 'skip',
      events: 'skip',
    });
    expect(DEFAULT_CHOICES.routines).toBe('skip');
  });

  it('takes the first rule of the database that states each choice', () => {
    const rules = [
      { database: 'other', tables: ['*'], views: 'skip' as const },
      { database: 'shop', tables: ['a'], routines: 'migrate' as const },
      { database: 'shop', tables: ['b'], routines: 'skip' as const, triggers: 'skip' as const },
    ];
    expect(choicesFor('shop', rules)).toEqual({
      views: 'migrate',
      triggers: 'skip',
      routines: 'migrate',
      events: 'skip',
    });
  });
});
