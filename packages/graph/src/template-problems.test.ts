import { describe, expect, it } from 'vitest';
import { templateProblems } from './template-problems';

describe('templateProblems', () => {
  it('accepts Liquid that reads the profile, the event, stored responses and the stage', () => {
    expect(
      templateProblems(
        'Hi {{ profile.first_name | default: "there" }} {% if event.total > 10 %}big{% endif %} {{ stage }} {% for i in response.lookup.items %}{{ i.name }}{% endfor %} {% assign n = 2 %}{{ n }}',
      ),
    ).toEqual([]);
    expect(templateProblems('no markup at all, {not even close}')).toEqual([]);
  });

  it('names a variable that can never exist, where it is, and what to read instead', () => {
    expect(templateProblems('Hi {{ customer.name }}')).toEqual([
      expect.stringMatching(/^"customer\.name" at line 1, column 7 can never exist; read profile\.\*/),
    ]);
    expect(templateProblems('{{ stage.name }}')).toEqual([expect.stringMatching(/write \{\{ stage \}\}/)]);
  });

  it('flags the response of a step that does not run before this one, when it knows the journey', () => {
    const reach = { canReadResponse: (step: string) => step === 'lookup' };
    expect(templateProblems('{{ response.lookup.score }}', reach)).toEqual([]);
    expect(templateProblems('{{ response.later.score }}', reach)).toEqual([
      expect.stringContaining('no step "later" that keeps its response runs before this one'),
    ]);
    expect(templateProblems('{{ response.later.score }}')).toEqual([]);
  });

  it('explains Liquid that does not parse, and unknown filters and tags', () => {
    expect(templateProblems('Hi {{ profile.first_name')).toEqual([expect.stringMatching(/not closed/)]);
    expect(templateProblems('{% if profile.vip %}VIP')).toEqual([expect.stringMatching(/not closed/)]);
    expect(templateProblems('{{ profile.first_name | shout }}')).toEqual([
      expect.stringMatching(/undefined filter: shout/),
    ]);
    expect(templateProblems('{% include "header" %}')).toEqual([expect.stringMatching(/include/)]);
  });
});
