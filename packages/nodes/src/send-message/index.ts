import { type ConfigProblem, type DeliverySpec, defineNodeType, type MessageTemplate } from '@stagecraft/sdk';
import { z } from 'zod';
import { migrateTemplateFields } from '../shared/legacy-templates';
import { RetryFields, retrySpecOf } from '../shared/retry';
import { outboundBodyProblems, outboundUrlProblems, templateProblems } from '../shared/templates';

const CHANNEL_NAMES = { email: 'Email', sms: 'SMS', push: 'Push', webhook: 'Webhook' } as const;
/** Beyond these lengths carriers split SMS into many parts and devices truncate pushes. */
const LENGTH_HINTS = { sms: 480, push: 240 } as const;

/** Email parts and delivery choices; each optional, so journeys saved before them read as before. */
const DeliveryFields = {
  preheader: z.string({ error: 'must be text' }).max(300, 'must be at most 300 characters').optional().meta({
    title: 'Preheader',
    description: 'Email only: the preview line inboxes show after the subject.',
  }),
  text: z
    .string({ error: 'must be text' })
    .max(100_000, 'must be at most 100,000 characters')
    .optional()
    .meta({
      title: 'Text version',
      description: 'Email only: the plain-text part. Left empty, it is made from the HTML.',
    }),
  category: z
    .enum(['marketing', 'transactional'], { error: 'must be "marketing" or "transactional"' })
    .optional()
    .meta({
      title: 'Kind',
      description:
        'Marketing (default) honours consent and frequency caps; transactional (receipts, password resets) ignores both.',
    }),
  trackOpens: z
    .boolean({ error: 'must be true or false' })
    .optional()
    .meta({ title: 'Track opens', description: 'Email only: add an invisible pixel (default on).' }),
  trackClicks: z.boolean({ error: 'must be true or false' }).optional().meta({
    title: 'Track clicks',
    description: 'Email only: send links through signed redirects (default on).',
  }),
  capAction: z.enum(['skip', 'defer'], { error: 'must be "skip" or "defer"' }).optional().meta({
    title: 'When a frequency cap is reached',
    description: 'Skip the message (default), or send it once the cap allows.',
  }),
};

/** Config of send-message: channel, a name for reports, and the templated content. */
export const SendMessageConfigSchema = z.object({
  channel: z
    .enum(['email', 'sms', 'push', 'webhook'], { error: 'must be "email", "sms", "push" or "webhook"' })
    .default('email')
    .meta({ title: 'Channel' }),
  name: z
    .string({ error: 'must be text' })
    .trim()
    .min(1, 'must not be empty; name the message for reports, e.g. "Welcome email"')
    .max(120, 'must be at most 120 characters')
    .meta({
      title: 'Message name',
      description: 'How this message appears in reports, e.g. "Welcome email".',
    }),
  subject: z
    .string({ error: 'must be text' })
    .max(200, 'must be at most 200 characters')
    .default('')
    .meta({ title: 'Subject', description: 'Email subject line, or push title. Required for email.' }),
  body: z
    .string({ error: 'must be text' })
    .min(1, 'must not be empty; write the message')
    .max(100_000, 'must be at most 100,000 characters')
    .meta({
      title: 'Message',
      description:
        'Liquid: {{ profile.first_name | default: "there" }}, {% if %} … {% endif %}, {% for item in event.items %} … {% endfor %}.',
    }),
  to: z
    .string({ error: 'must be text' })
    .min(1, 'must not be empty; leave it unset to use the profile')
    .nullable()
    .default(null)
    .meta({
      title: 'Send to',
      description: "Leave empty to use the customer's email, phone or device from their profile.",
    }),
  url: z
    .url({ protocol: /^https?$/, error: 'must be a web address starting with https://' })
    .nullable()
    .default(null)
    .meta({ title: 'Webhook URL', description: 'Webhook channel only: where to POST the message.' }),
  ...DeliveryFields,
  ...RetryFields,
});
export type SendMessageConfig = z.output<typeof SendMessageConfigSchema>;

/**
 * Sends one templated message on email, SMS, push or webhook. Version 2 writes templates in
 * Liquid; version 1 configs are migrated to the Liquid that renders the same text.
 */
export const sendMessage = defineNodeType({
  type: 'send-message',
  version: 2,
  title: 'Send message',
  description: "Sends an email, SMS, push notification or webhook, personalised with the customer's data.",
  category: 'action',
  icon: 'mail',
  configSchema: SendMessageConfigSchema,
  defaults: {
    channel: 'email',
    name: 'New message',
    subject: 'Hello {{ profile.first_name | default: "there" }}',
    body: 'Hi {{ profile.first_name | default: "there" }},\n\n',
    to: null,
    url: null,
  },
  ports: [{ id: 'out', label: 'Next' }],
  compile: (config) => ({
    actions: [
      {
        type: 'send',
        channel: config.channel,
        template: templateOf(config),
        messageName: config.name,
        ...withDelivery(deliveryOf(config)),
      },
    ],
    exits: [{ on: 'always', port: 'out' }],
  }),
  migrate: (config, fromVersion) =>
    fromVersion < 2 ? migrateTemplateFields(config, ['subject', 'body', 'to', 'url']) : config,
  validate: (config, context) => {
    const problems: ConfigProblem[] = [
      ...templateProblems(config.subject, 'subject', context),
      ...(config.channel === 'webhook'
        ? outboundBodyProblems(config.body, 'body', context)
        : templateProblems(config.body, 'body', context)),
      ...(config.to === null ? [] : templateProblems(config.to, 'to', context)),
      ...(config.preheader ? templateProblems(config.preheader, 'preheader', context) : []),
      ...(config.text ? templateProblems(config.text, 'text', context) : []),
      ...(config.channel === 'webhook' && config.url !== null
        ? outboundUrlProblems(config.url, 'url', context)
        : []),
    ];
    if (config.channel === 'email' && config.subject.trim() === '') {
      problems.push({ path: 'subject', message: 'An email needs a subject line.' });
    }
    if (config.channel === 'webhook' && config.url === null) {
      problems.push({ path: 'url', message: 'A webhook needs the URL to send to.' });
    }
    if (config.channel !== 'webhook' && config.url !== null) {
      problems.push({
        path: 'url',
        severity: 'warning',
        message: 'Only webhooks use the URL; it is ignored.',
      });
    }
    const hint = config.channel === 'sms' || config.channel === 'push' ? LENGTH_HINTS[config.channel] : null;
    if (hint !== null && config.body.length > hint) {
      problems.push({
        path: 'body',
        severity: 'warning',
        message: `This ${CHANNEL_NAMES[config.channel]} is ${config.body.length} characters; keep it under ${hint} so it arrives whole.`,
      });
    }
    return problems;
  },
  summary: (config) => `${CHANNEL_NAMES[config.channel]}: ${config.name}`,
});

function templateOf(config: SendMessageConfig): MessageTemplate {
  const template: MessageTemplate = { body: config.body };
  if (config.subject !== '' && (config.channel === 'email' || config.channel === 'push')) {
    template.subject = config.subject;
  }
  if (config.to !== null) template.to = config.to;
  if (config.url !== null && config.channel === 'webhook') template.url = config.url;
  if (config.channel === 'email' && config.preheader) template.preheader = config.preheader;
  if (config.channel === 'email' && config.text) template.text = config.text;
  return template;
}

function withDelivery(delivery: DeliverySpec | undefined): { delivery?: DeliverySpec } {
  return delivery ? { delivery } : {};
}

/** The delivery choices the config sets; undefined when none is (old journeys compile as before). */
function deliveryOf(config: SendMessageConfig): DeliverySpec | undefined {
  const spec: DeliverySpec = {};
  if (config.category) spec.category = config.category;
  if (config.trackOpens !== undefined) spec.trackOpens = config.trackOpens;
  if (config.trackClicks !== undefined) spec.trackClicks = config.trackClicks;
  if (config.capAction) spec.capAction = config.capAction;
  const retry = retrySpecOf(config);
  if (retry) spec.retry = retry;
  return Object.keys(spec).length > 0 ? spec : undefined;
}
