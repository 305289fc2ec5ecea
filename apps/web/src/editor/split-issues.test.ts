import type { GraphIssue } from '@stagecraft/graph';
import { describe, expect, it } from 'vitest';
import { problemsByNode, splitIssues } from './split-issues';

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

describe('problemsByNode', () => {
  it('marks every step of a loop, not only the one the problem is filed under', () => {
    const loop = issue({
      code: 'cycle-without-wait',
      nodeId: 'a',
      message: 'The loop through a, b and c has no wait in it',
      detail: { kind: 'cycle-without-wait', nodeIds: ['a', 'b', 'c'] },
    });
    const warning = issue({ severity: 'warning', nodeId: 'b', message: 'unconnected' });
    const byNode = problemsByNode([warning, loop]);
    expect([...byNode.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(byNode.get('c')).toEqual({ errors: 1, warnings: 0, first: loop.message });
    expect(byNode.get('b')).toEqual({ errors: 1, warnings: 1, first: loop.message });
  });
});
