import type { GraphIssue } from '@stagecraft/graph';
import { describe, expect, it } from 'vitest';
import { splitIssues } from './split-issues';

const issue = (over: Partial<GraphIssue>): GraphIssue => ({
  code: 'invalid-config',
  severity: 'error',
  message: 'The "Send message" step (Email: Hi (again)): "body" must not be empty',
  nodeId: 'mail',
  ...over,
});

describe('splitIssues', () => {
  it('puts a config problem under its field in the words of its detail, whatever the sentence says', () => {
    const body = issue({
      path: 'config.body',
      detail: { kind: 'config', path: 'body', problem: '"body" must not be empty' },
    });
    expect(splitIssues([body])).toEqual({ fieldErrors: { body: '"body" must not be empty' }, general: [] });
  });

  it('lists problems about the whole step, a second problem for a field, and others at the top', () => {
    const whole = issue({ path: 'config', detail: { kind: 'config', path: '', problem: 'too deep' } });
    const first = issue({ detail: { kind: 'config', path: 'subject', problem: 'first' } });
    const second = issue({ detail: { kind: 'config', path: 'subject', problem: 'second' } });
    const port = issue({ code: 'unconnected-port', detail: { kind: 'port', nodeId: 'mail', port: 'out' } });
    const { fieldErrors, general } = splitIssues([whole, first, second, port]);
    expect(fieldErrors).toEqual({ subject: 'first' });
    expect(general).toEqual([whole, second, port]);
  });
});
