import { describe, expect, it } from 'vitest';
import { TemplateError } from './liquid';
import { renderBodyTemplate, renderHtmlTemplate, renderTemplate, renderUrlTemplate } from './render-template';
import { headerValue, jsonTemplateProblem, urlTemplateProblem } from './template-contexts';

/** A scope whose traits are what an attacker can set through `/v1/identify`. */
function hostile(traits: Record<string, unknown>) {
  return { profile: traits, stage: null };
}

describe('URL context', () => {
  const template = 'https://api.example.com/users/{{ profile.email }}/sync';

  it('percent-encodes a value so it cannot leave its path segment', () => {
    const result = renderUrlTemplate(template, hostile({ email: '../../admin/delete-all?x=' }));
    expect(result).toEqual({ url: 'https://api.example.com/users/..%2F..%2Fadmin%2Fdelete-all%3Fx%3D/sync' });
  });

  it('refuses a value that becomes a dot-segment, in any spelling', () => {
    for (const email of ['..', '.', '%2e%2e']) {
      const result = renderUrlTemplate(
        'https://api.example.com/users/{{ profile.email }}',
        hostile({ email }),
      );
      if ('url' in result) expect(new URL(result.url).pathname.startsWith('/users/')).toBe(true);
      else expect(result.refused).toMatch(/^refused: /);
    }
    expect(renderUrlTemplate(template, hostile({ email: '..' }))).toEqual({
      refused: 'refused: the values inserted into the URL change its address to https://api.example.com/sync',
    });
  });

  it('keeps query values inside their parameter', () => {
    const result = renderUrlTemplate(
      'https://api.example.com/find?email={{ profile.email }}',
      hostile({ email: 'a@b.c&admin=1#x' }),
    );
    expect(result).toEqual({ url: 'https://api.example.com/find?email=a%40b.c%26admin%3D1%23x' });
  });

  it('flags variables in the scheme, host or port, and refuses them when rendering', () => {
    expect(urlTemplateProblem('https://{{ profile.host }}/x')).toMatch(/scheme, host or port/);
    expect(urlTemplateProblem('https://api.example.com:{{ profile.port }}/x')).toMatch(
      /scheme, host or port/,
    );
    expect(urlTemplateProblem('https://api.{{ profile.zone }}.example.com/')).toMatch(/scheme, host or port/);
    expect(urlTemplateProblem('{{ profile.url }}')).toMatch(/scheme, host or port/);
    expect(urlTemplateProblem('https://api.example.com/{{ profile.id }}')).toBeNull();
    expect(urlTemplateProblem('https://api.example.com?x={{ profile.id }}')).toBeNull();
    const result = renderUrlTemplate('https://{{ profile.host }}/x', hostile({ host: '127.0.0.1' }));
    expect(result).toMatchObject({ refused: expect.stringMatching(/^refused: A variable cannot/) });
  });

  it('leaves a URL without variables as written', () => {
    expect(renderUrlTemplate('https://api.example.com/a', hostile({}))).toEqual({
      url: 'https://api.example.com/a',
    });
  });
});

describe('JSON context', () => {
  it('cannot be given a field by a value that closes its string', () => {
    const result = renderBodyTemplate(
      '{"email": "{{ profile.email }}", "role": "user"}',
      hostile({ email: '","role":"admin' }),
    );
    expect('body' in result && JSON.parse(result.body)).toEqual({ email: '","role":"admin', role: 'user' });
  });

  it('keeps the JSON type of a leaf that is one variable, and renders mixed leaves as text', () => {
    const scope = hostile({ age: 42, vip: true, tags: ['a', 'b'], name: 'Ada' });
    const result = renderBodyTemplate(
      '{"age": "{{ profile.age }}", "vip": "{{profile.vip}}", "tags": ["{{ profile.tags }}"], "hi": "Hi {{ profile.name }}", "none": "{{ profile.missing }}", "dflt": "{{ profile.missing | default: \'x\' }}", "n": 1}',
      scope,
    );
    expect('body' in result && JSON.parse(result.body)).toEqual({
      age: 42,
      vip: true,
      tags: [['a', 'b']],
      hi: 'Hi Ada',
      none: null,
      dflt: 'x',
      n: 1,
    });
  });

  it('refuses a JSON-looking body that does not parse, and says how to fix it at publish', () => {
    const template = '{"email": {{ profile.email }}}';
    expect(renderBodyTemplate(template, hostile({ email: 'a' }))).toMatchObject({
      refused: expect.stringMatching(/not valid JSON/),
    });
    expect(jsonTemplateProblem(template)).toMatch(/put Liquid inside quotes/);
    expect(jsonTemplateProblem('{"email": "{{ profile.email }}"}')).toBeNull();
    expect(jsonTemplateProblem('plain {{ profile.email }}')).toBeNull();
  });

  it('lets a default use double quotes inside a JSON string', () => {
    const template = '{"name": "{{ profile.first_name | default: "there" }}", "v": 1}';
    expect(jsonTemplateProblem(template)).toBeNull();
    const result = renderBodyTemplate(template, hostile({}));
    expect('body' in result && JSON.parse(result.body)).toEqual({ name: 'there', v: 1 });
  });

  it('renders other bodies as text', () => {
    expect(renderBodyTemplate('email={{ profile.email }}', hostile({ email: 'a@b' }))).toEqual({
      body: 'email=a@b',
    });
  });
});

describe('header context', () => {
  it('cannot start a new header line', () => {
    const value = renderTemplate('Bearer {{ profile.token }}', hostile({ token: 'x\r\nX-Admin: 1' }), {
      escape: headerValue,
    });
    expect(value).toBe('Bearer x X-Admin: 1');
    expect(value).not.toMatch(/[\r\n]/);
  });
});

describe('which bodies are JSON', () => {
  it('a body that starts with a variable is text', () => {
    expect(renderBodyTemplate('{{ profile.plan }} plan', hostile({ plan: 'pro' }))).toEqual({
      body: 'pro plan',
    });
    expect(jsonTemplateProblem('{{ profile.plan }}')).toBeNull();
  });

  it('a parse error names the variable by its braces', () => {
    expect(jsonTemplateProblem('{"a": {{ profile.a }}}')).not.toMatch(/[\uE000\uE001]/);
  });

  it('a body that starts with a tag is text', () => {
    expect(renderBodyTemplate('{% if profile.vip %}VIP{% endif %}', hostile({ vip: true }))).toEqual({
      body: 'VIP',
    });
  });
});

describe('HTML context', () => {
  it('escapes every inserted value, also inside tags and loops, and keeps the markup', () => {
    const scope = hostile({ name: '<script>x</script>', items: ['<b>', '"q"'] });
    expect(
      renderHtmlTemplate(
        '<p>{{ profile.name }}</p>{% for item in profile.items %}<li>{{ item }}</li>{% endfor %}',
        scope,
      ),
    ).toBe('<p>&lt;script&gt;x&lt;/script&gt;</p><li>&lt;b&gt;</li><li>&quot;q&quot;</li>');
  });

  it('cannot be bypassed with the raw filter', () => {
    expect(() => renderHtmlTemplate('{{ profile.name | raw }}', hostile({ name: '<b>' }))).toThrow(
      TemplateError,
    );
  });
});

describe('Liquid in a JSON body', () => {
  it('keeps tags and loops inside one value, and flags a tag split across values', () => {
    const scope = hostile({ items: ['a', 'b'], vip: true });
    const result = renderBodyTemplate(
      '{"list": "{% for i in profile.items %}{{ i }};{% endfor %}", "vip": "{% if profile.vip %}yes{% endif %}"}',
      scope,
    );
    expect('body' in result && JSON.parse(result.body)).toEqual({ list: 'a;b;', vip: 'yes' });
    expect(jsonTemplateProblem('{"a": "{% if profile.vip %}", "b": "{% endif %}"}')).toMatch(
      /does not close inside its quotes/,
    );
  });
});
