import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_LIMITS, TemplateError } from './liquid';
import { renderBodyTemplate, renderTemplate, renderUrlTemplate } from './render-template';
import { escapeHtml } from './template-contexts';
import { templateVariables } from './template-problems';

const scope = {
  profile: {
    traits: { first_name: 'Ada', plan: 'pro', cart: ['hat', 'scarf'], nickname: '' },
    tags: ['vip'],
  },
  event: {
    name: 'order.completed',
    properties: {
      total: 42.5,
      note: '<b>fast</b> & "safe"',
      items: [
        { sku: 'hat', price: 20 },
        { sku: 'scarf', price: 22.5 },
      ],
    },
    at: 0,
  },
  response: { offer: { code: 'SAVE10', lines: ['one', 'two'] } },
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
    expect(renderTemplate('{{ profile.tags }} {{ event.name }}', scope)).toBe('vip order.completed');
  });

  it('renders the default for missing or empty values, and nothing when there is none', () => {
    expect(renderTemplate('Hi {{ profile.last_name | default: "there" }}', scope)).toBe('Hi there');
    expect(renderTemplate("Hi {{ profile.nickname | default: 'friend' }}", scope)).toBe('Hi friend');
    expect(renderTemplate('Hi {{ profile.last_name }}!', scope)).toBe('Hi !');
    expect(renderTemplate('{{ response.missing_step.code | default: "none" }}', scope)).toBe('none');
  });

  it('runs conditions and loops over event properties and stored responses', () => {
    expect(renderTemplate('{% if profile.plan == "pro" %}Pro{% else %}Free{% endif %}', scope)).toBe('Pro');
    expect(
      renderTemplate('{% for item in event.items %}{{ item.sku }}={{ item.price }};{% endfor %}', scope),
    ).toBe('hat=20;scarf=22.5;');
    expect(renderTemplate('{% for line in response.offer.lines %}[{{ line }}]{% endfor %}', scope)).toBe(
      '[one][two]',
    );
    expect(renderTemplate('{{ profile.first_name | upcase }} {{ event.total | plus: 1 }}', scope)).toBe(
      'ADA 43.5',
    );
  });

  it('reads "now" from the scope, not the clock, so a render is repeatable', () => {
    const at = { ...scope, now: Date.UTC(2030, 0, 2, 3, 4) };
    expect(renderTemplate('{{ "now" | date: "%Y-%m-%d %H:%M" }} {{ "today" | date: "%Y" }}', at)).toBe(
      '2030-01-02 03:04 2030',
    );
    expect(renderTemplate('{{ "2025-03-01T10:00:00Z" | date: "%d/%m" }}', at)).toBe('01/03');
  });

  it('runs no code and reads no files or prototypes', () => {
    expect(renderTemplate('{{ profile.constructor }}{{ profile.__proto__ | default: "none" }}', scope)).toBe(
      'none',
    );
    expect(() => renderTemplate('{% include "secrets.txt" %}', scope)).toThrow(TemplateError);
    expect(() => renderTemplate('{% render "../../etc/passwd" %}', scope)).toThrow(TemplateError);
    expect(() => renderTemplate('{{ constructor.constructor("return 1")() }}', scope)).toThrow(TemplateError);
  });

  it('escapes inserted values for HTML email bodies but keeps the template markup', () => {
    expect(renderTemplate('<p>{{ event.note }}</p>', scope, { escape: escapeHtml })).toBe(
      '<p>&lt;b&gt;fast&lt;/b&gt; &amp; &quot;safe&quot;</p>',
    );
    expect(renderTemplate('<p>{{ event.note }}</p>', scope)).toBe('<p><b>fast</b> & "safe"</p>');
  });

  it('lists the variables a template reads, not its loop variables', () => {
    expect(
      templateVariables(
        '{{ profile.first_name | default: "x" }} {{event.total}} {{ profile.first_name }} {{ nope }} {% for i in event.items %}{{ i.sku }}{% endfor %}',
      ),
    ).toEqual(['profile.first_name', 'event.total', 'event.items']);
  });

  it('returns text or throws a TemplateError, for any template', () => {
    fc.assert(
      fc.property(fc.string(), (template) => {
        try {
          expect(typeof renderTemplate(template, scope)).toBe('string');
        } catch (error) {
          expect(error).toBeInstanceOf(TemplateError);
        }
      }),
    );
    const hostile = `${'{{ '.repeat(20_000)}profile.first_name`;
    const started = performance.now();
    expect(() => renderTemplate(hostile, scope)).toThrow(TemplateError);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('stops a render that runs too long or builds too much', () => {
    const started = performance.now();
    expect(() =>
      renderTemplate('{% for i in (1..100000000) %}{{ profile.first_name }}{% endfor %}', scope),
    ).toThrow(TemplateError);
    expect(performance.now() - started).toBeLessThan(TEMPLATE_LIMITS.renderMs * 8);
    expect(() =>
      renderTemplate('x'.repeat(TEMPLATE_LIMITS.parseChars + 1).concat('{{ stage }}'), scope),
    ).toThrow(TemplateError);
  });

  it('refuses a URL or body that cannot be rendered, with the reason, instead of throwing', () => {
    const loop = '{% for i in (1..100000000) %}x{% endfor %}';
    expect(renderUrlTemplate(`https://api.example.com/{{ stage }}${loop}`, scope)).toMatchObject({
      refused: expect.stringMatching(/^refused: /),
    });
    expect(renderBodyTemplate(`a ${loop}`, scope)).toMatchObject({
      refused: expect.stringMatching(/^refused: /),
    });
  });
});
