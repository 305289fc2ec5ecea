import { describe, expect, it } from 'vitest';
import { compileConfig, parseConfig, problemsOf, schemaErrors } from '../shared/testing';
import { sendMessage } from './index';

describe('send message', () => {
  const welcome = {
    channel: 'email',
    name: 'Welcome email',
    subject: 'Welcome, {{ profile.first_name | "there" }}!',
    body: 'Hi {{ profile.first_name | "there" }}, glad you are here.',
  };

  it('asks for one send with the template and the message name for reports', () => {
    expect(compileConfig(sendMessage, welcome)).toEqual({
      actions: [
        {
          type: 'send',
          channel: 'email',
          template: {
            subject: 'Welcome, {{ profile.first_name | "there" }}!',
            body: 'Hi {{ profile.first_name | "there" }}, glad you are here.',
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

  it('catches a variable that is never closed before it reaches customers', () => {
    expect(problemsOf(sendMessage, { ...welcome, body: 'Hi {{ profile.first_name, welcome' })).toEqual([
      { path: 'body', message: 'A "{{" at character 4 is never closed; end the variable with "}}".' },
    ]);
    expect(problemsOf(sendMessage, { ...welcome, subject: 'Welcome {{ first_name }}' })).toEqual([
      {
        path: 'subject',
        message:
          '"{{ first_name }}" is not a variable; write a field such as {{ profile.first_name }}, optionally with a fallback: {{ profile.first_name | "there" }}.',
      },
    ]);
  });

  it('refuses a fallback the renderer would not fill (501 characters) and accepts 500', () => {
    const fallback = (length: number) => `Hi {{ profile.first_name | "${'x'.repeat(length)}" }}`;
    expect(problemsOf(sendMessage, { ...welcome, body: fallback(500) })).toEqual([]);
    expect(problemsOf(sendMessage, { ...welcome, body: fallback(501) })).toEqual([
      {
        path: 'body',
        message: 'The fallback of the variable at character 4 is longer than 500 characters; shorten it.',
      },
    ]);
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
