import { builtinRegistry } from '@stagecraft/nodes';
import { describe, expect, it } from 'vitest';
import { journeyDoc, node } from './testing';
import { upgradeNodes } from './upgrade-nodes';

describe('upgradeNodes', () => {
  it('brings steps of an older type version to the installed one, and leaves the rest', () => {
    const document = journeyDoc(
      [
        node('start', 'api-trigger'),
        node('mail', 'send-message', { channel: 'sms', name: 'Hi', body: 'Hi {{ profile.name | "there" }}' }),
        node('odd', 'no-such-type', { a: 1 }),
      ],
      [],
    );
    const upgraded = upgradeNodes(document, builtinRegistry);
    expect(upgraded.nodes[0]).toBe(document.nodes[0]);
    expect(upgraded.nodes[1]).toMatchObject({
      typeVersion: 2,
      config: { body: 'Hi {{ profile.name | default: "there", allow_false: true }}' },
    });
    expect(upgraded.nodes[2]).toBe(document.nodes[2]);
    expect(upgradeNodes(upgraded, builtinRegistry)).toBe(upgraded);
  });
});
