import { describe, expect, it } from 'vitest';
import { fieldMessage } from './field-message';

describe('fieldMessage', () => {
  it('drops the opening that names a labelled or an unlabelled step', () => {
    expect(fieldMessage('Step "Welcome": "body" must not be empty')).toBe('"body" must not be empty');
    expect(fieldMessage('The "Send message" step: "body" must not be empty')).toBe(
      '"body" must not be empty',
    );
    expect(fieldMessage('The "Random split" step (A 50%: B 50%): weights must add up to more than 0')).toBe(
      'weights must add up to more than 0',
    );
  });

  it('keeps a message that opens otherwise', () => {
    expect(fieldMessage('"subject" is missing; set it.')).toBe('"subject" is missing; set it.');
  });
});
