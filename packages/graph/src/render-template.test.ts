import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderTemplate, templateVariables } from './render-template';
import { escapeHtml } from './template-contexts';

const scope = {
  profile: { traits: { first_name: 'Ada', plan: 'pro', cart: ['hat', 'scarf'], nickname: '' } },
  event: { name: 'order.completed', properties: { total: 42.5, note: '<b>fast</b> & "safe"' }, at: 0 },
  response: { offer: { code: 'SAVE10' } },
  stage: 'onboarding',
};

describe('renderTemplate', () => {
  it('fills variables from the profile, the event, stored responses and the stage', () => {
    expect(renderTemplate('Hi {{ profile.first_name }}, thanks for {{event.total}}!', scope)).toBe(
      'Hi Ada, thanks for 42.5!',
    );
    expect(renderTemplate('Code {{ response.offer.code }} ({{ stage }})', scope)).toBe(
      'Code SAVE10 (onboarding)',
    );
    expect(renderTemplate('Your cart: {{ profile.cart }}', scope)).toBe('Your cart: hat, scarf');
  });

  it('uses the fallback for missing or empty values, and nothing when there is none', () => {
    expect(renderTemplate('Hi {{ profile.last_name | "there" }}', scope)).toBe('Hi there');
    expect(renderTemplate("Hi {{ profile.nickname | 'friend' }}", scope)).toBe('Hi friend');
    expect(renderTemplate('Hi {{ profile.last_name }}!', scope)).toBe('Hi !');
  });

  it('runs no code: expressions that are not field paths stay as written', () => {
    expect(renderTemplate('{{ constructor.constructor("return 1")() }}', scope)).toBe(
      '{{ constructor.constructor("return 1")() }}',
    );
    expect(renderTemplate('{{ process.env.SECRET }}', scope)).toBe('{{ process.env.SECRET }}');
    expect(renderTemplate('{{ profile.__proto__ | "none" }}', scope)).toBe('none');
  });

  it('escapes inserted values for HTML email bodies but keeps the template markup', () => {
    expect(renderTemplate('<p>{{ event.note }}</p>', scope, { escape: escapeHtml })).toBe(
      '<p>&lt;b&gt;fast&lt;/b&gt; &amp; &quot;safe&quot;</p>',
    );
    expect(renderTemplate('<p>{{ event.note }}</p>', scope)).toBe('<p><b>fast</b> & "safe"</p>');
  });

  it('lists the variables a template reads', () => {
    expect(
      templateVariables('{{ profile.first_name | "x" }} {{event.total}} {{ profile.first_name }} {{ nope }}'),
    ).toEqual(['profile.first_name', 'event.total']);
  });

  it('never throws and returns text for any template', () => {
    fc.assert(
      fc.property(fc.string(), (template) => {
        expect(typeof renderTemplate(template, scope)).toBe('string');
      }),
    );
    const hostile = `${'{{ '.repeat(20_000)}profile.first_name`;
    const started = performance.now();
    renderTemplate(hostile, scope);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
