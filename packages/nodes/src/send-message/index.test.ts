import { describe, expect, it } from 'vitest';
import { compileConfig, parseConfig, problemsOf, schemaErrors, testContext } from '../shared/testing';
import { sendMessage } from './index';

describe('send message', () => {
  const welcome = {
    channel: 'email',
    name: 'Welcome email',
    subject: 'Welcome, {{ profile.first_name | default: "there" }}!',
    body: 'Hi {{ profile.first_name | default: "there" }}, glad you are here.',
  };

  it('asks for one send with the template and the message name for reports', () => {
    expect(compileConfig(sendMessage, welcome)).toEqual({
      actions: [
        {
          type: 'send',
          channel: 'email',
          template: {
            subject: 'Welcome, {{ profile.first_name | default: "there" }}!',
            body: 'Hi {{ profile.first_name | default: "there" }}, glad you are here.',
          },
          messageName: 'Welcome email',
        },
      ],
      exits: [{ on: 'always', port: 'out' }],
    });
    expect(sendMessage.summary?.(parseConfig(sendMessage, welcome))).toBe('Email: Welcome email');
  });

  it('sends webhooks to their URL and SMS to an override number', () => {
    const webhook = {
      channel: 'webhook',
      name: 'CRM',
      body: '{"id":"{{ profile.id }}"}',
      url: 'https://crm.example.com/in',
    };
    expect(compileConfig(sendMessage, webhook).actions?.[0]).toMatchObject({
      template: { body: '{"id":"{{ profile.id }}"}', url: 'https://crm.example.com/in' },
    });
    const sms = { channel: 'sms', name: 'Renewal SMS', body: 'Renews tomorrow', to: '{{ profile.mobile }}' };
    expect(compileConfig(sendMessage, sms).actions?.[0]).toMatchObject({
      channel: 'sms',
      template: { body: 'Renews tomorrow', to: '{{ profile.mobile }}' },
    });
  });

  it('needs a subject for email and a URL for webhooks', () => {
    expect(problemsOf(sendMessage, { ...welcome, subject: ' ' })).toEqual([
      { path: 'subject', message: 'An email needs a subject line.' },
    ]);
    expect(problemsOf(sendMessage, { channel: 'webhook', name: 'CRM', body: '{}' })).toEqual([
      { path: 'url', message: 'A webhook needs the URL to send to.' },
    ]);
    expect(
      schemaErrors(sendMessage, { channel: 'webhook', name: 'CRM', body: '{}', url: 'ftp://x.example' }),
    ).toEqual(['url: must be a web address starting with https://']);
  });

  it('catches Liquid that does not parse and variables that can never exist, on their field', () => {
    expect(problemsOf(sendMessage, { ...welcome, body: 'Hi {{ profile.first_name, welcome' })).toEqual([
      { path: 'body', message: expect.stringMatching(/not closed/) },
    ]);
    expect(problemsOf(sendMessage, { ...welcome, subject: 'Welcome {{ first_name }}' })).toEqual([
      {
        path: 'subject',
        message: expect.stringMatching(
          /^"first_name" at line 1, column 12 can never exist; read profile\.\*/,
        ),
      },
    ]);
    expect(problemsOf(sendMessage, { ...welcome, body: '{% if profile.vip %}VIP' })).toEqual([
      { path: 'body', message: expect.stringMatching(/\{% if profile.vip %\} not closed/) },
    ]);
  });

  it('checks response variables against the steps that run before it', () => {
    const context = { ...testContext, canReadResponse: (step: string) => step === 'lookup' };
    const reads = (step: string) => ({ ...welcome, body: `Code {{ response.${step}.code }}` });
    expect(problemsOf(sendMessage, reads('lookup'), context)).toEqual([]);
    expect(problemsOf(sendMessage, reads('later'), context)).toEqual([
      {
        path: 'body',
        message: expect.stringContaining('no step "later" that keeps its response runs before'),
      },
    ]);
  });

  it('migrates version 1 templates, fallbacks included, to Liquid', () => {
    const old = {
      channel: 'email',
      name: 'Old',
      subject: 'Hi {{ profile.first_name | "there" }}',
      body: "Hello {{ profile.nick | 'friend' }}, {{ event.items }} {not a variable} {{ nope }}",
      to: '{{ profile.work-email }}',
    };
    expect(sendMessage.migrate?.(old, 1)).toEqual({
      channel: 'email',
      name: 'Old',
      subject: 'Hi {{ profile.first_name | default: "there", allow_false: true }}',
      body: "Hello {{ profile.nick | default: 'friend', allow_false: true }}, {{ event.items }}{% raw %} {not a variable} {{ nope }}{% endraw %}",
      to: '{{ profile["work-email"] }}',
    });
    expect(sendMessage.migrate?.(old, 2)).toBe(old);
  });

  it('warns when an SMS will arrive in many parts', () => {
    const problems = problemsOf(sendMessage, { channel: 'sms', name: 'Long', body: 'x'.repeat(500) });
    expect(problems).toEqual([
      {
        path: 'body',
        severity: 'warning',
        message: 'This SMS is 500 characters; keep it under 480 so it arrives whole.',
      },
    ]);
  });
});
