import { renderBodyTemplate, renderTemplate, renderUrlTemplate } from '@stagecraft/graph';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { legacyToLiquid } from './legacy-templates';

/** How version 1 rendered a template: its reading of variables, fallbacks and stray braces. */
const scope = {
  profile: {
    traits: {
      first_name: 'Ada',
      empty: '',
      off: false,
      zero: 0,
      cart: ['hat', 'scarf'],
      'work-email': 'a@w.co',
    },
    tags: ['vip'],
    stage: 'onboarding',
  },
  event: { name: 'order.completed', properties: { total: 42.5, item: { sku: 'x-1' } }, at: 0 },
  response: { 'lookup-1': { score: 7 } },
  stage: 'onboarding',
};

describe('legacyToLiquid', () => {
  it.each([
    ['Hi {{ profile.first_name }}!', 'Hi Ada!'],
    ['Hi {{ profile.last_name | "there" }}', 'Hi there'],
    ["Hi {{ profile.empty | 'friend' }}", 'Hi friend'],
    ['{{ profile.off | "fallback" }} {{ profile.zero | "none" }}', 'false 0'],
    ['{{ profile.cart }} / {{ profile.tags }} / {{ event.item }}', 'hat, scarf / vip / {"sku":"x-1"}'],
    ['{{ profile.work-email }} {{ response.lookup-1.score }}', 'a@w.co 7'],
    ['{{ event.total }} {{ event.name }} {{ stage }}', '42.5 order.completed onboarding'],
    ['{{ nope }} and {{ profile.first_name', '{{ nope }} and {{ profile.first_name'],
    ['{% if %} {{{ profile.first_name }}', '{% if %} {{{ profile.first_name }}'],
    ['{{ profile.x | "c:\\temp" }}', 'c:\\temp'],
    ['a{{{ profile.first_name }}}', 'a{{{ profile.first_name }}}'],
    ['{ {{ profile.first_name }} }', '{ Ada }'],
    ['x{{ profile.first_name }}', 'xAda'],
    ['endraw {% {{ profile.first_name }}', 'endraw {% Ada'],
    ['{{profile.first_name}}/{{profile.last_name|"x y"}}', 'Ada/x y'],
  ])('%s renders as version 1 did', (template, expected) => {
    expect(renderTemplate(legacyToLiquid(template), scope)).toBe(expected);
  });

  it('writes a variable without spaces as it was, so a URL stays a URL', () => {
    expect(legacyToLiquid('https://a.example{{profile.path}}?q={{profile.q|"x"}}')).toBe(
      'https://a.example{{profile.path}}?q={{profile.q|default:"x",allow_false:true}}',
    );
  });

  it('keeps URLs and JSON bodies rendering the same', () => {
    expect(
      renderUrlTemplate(legacyToLiquid('https://a.example/{{ profile.first_name | "x" }}'), scope),
    ).toEqual({
      url: 'https://a.example/Ada',
    });
    const body = legacyToLiquid('{"name": "{{ profile.missing | "there" }}", "cart": "{{ profile.cart }}"}');
    expect(renderBodyTemplate(body, scope)).toEqual({ body: '{"name":"there","cart":["hat","scarf"]}' });
  });

  it('gives Liquid that parses for any old template, and leaves text without braces alone', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z {}|"'%.]*$/), (template) => {
        expect(typeof renderTemplate(legacyToLiquid(template), scope)).toBe('string');
      }),
    );
    expect(legacyToLiquid('plain text')).toBe('plain text');
  });
});
