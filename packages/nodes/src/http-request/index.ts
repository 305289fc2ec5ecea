import { type ConfigProblem, defineNodeType } from '@stagecraft/sdk';
import { z } from 'zod';
import { migrateTemplateFields } from '../shared/legacy-templates';
import { RetryFields, retrySpecOf } from '../shared/retry';
import { outboundBodyProblems, outboundUrlProblems, templateProblems } from '../shared/templates';

const HeaderSchema = z
  .object({
    name: z
      .string({ error: 'must be text' })
      .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a header name such as "Authorization" (no spaces)')
      .max(100, 'must be at most 100 characters')
      .meta({ title: 'Header' }),
    value: z
      .string({ error: 'must be text' })
      .max(4_000, 'must be at most 4,000 characters')
      .meta({ title: 'Value' }),
  })
  .meta({ title: 'Header' });

/** Config of the HTTP request: what to call, and whether later steps may read the JSON answer. */
export const HttpRequestConfigSchema = z.object({
  method: z
    .enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], { error: 'must be GET, POST, PUT, PATCH or DELETE' })
    .default('POST')
    .meta({ title: 'Method' }),
  url: z.url({ protocol: /^https?$/, error: 'must be a web address starting with https://' }).meta({
    title: 'URL',
    description: 'May use variables, e.g. https://api.example.com/users/{{ profile.id }}.',
  }),
  headers: z.array(HeaderSchema).max(30, 'at most 30 headers').default([]).meta({ title: 'Headers' }),
  body: z
    .string({ error: 'must be text' })
    .max(100_000, 'must be at most 100,000 characters')
    .default('')
    .meta({
      title: 'Body',
      description:
        'Sent as the request body; Liquid such as {{ profile.email }} fills it. A body starting with { or [ is built as JSON: put Liquid inside quotes.',
    }),
  timeoutMs: z
    .number({ error: 'must be a number' })
    .int('must be a whole number of milliseconds')
    .min(100, 'must be at least 100 ms')
    .max(30_000, 'must be at most 30,000 ms (30 seconds)')
    .default(10_000)
    .meta({ title: 'Timeout (ms)', description: 'Give up and take "Failure" after this long.' }),
  storeResponse: z.boolean({ error: 'must be true or false' }).default(true).meta({
    title: 'Keep the response',
    description: 'Later steps can read its JSON as response.<this step>.*.',
  }),
  ...RetryFields,
  onFailure: z.enum(['port', 'stop'], { error: 'must be "port" or "stop"' }).optional().meta({
    title: 'When every try failed',
    description: 'Take the Failure port (default), or stop the run as failed.',
  }),
});

/**
 * Calls an HTTP endpoint and continues through `success` or `failure`; the JSON answer can feed
 * later steps. Version 2 writes templates in Liquid; version 1 configs are migrated to the
 * Liquid that renders the same request.
 */
export const httpRequest = defineNodeType({
  type: 'http-request',
  version: 2,
  title: 'HTTP request',
  description:
    'Calls another system over HTTP. Continues through Success or Failure; later steps can use the JSON it returns.',
  category: 'action',
  icon: 'globe',
  configSchema: HttpRequestConfigSchema,
  defaults: {
    method: 'POST',
    url: 'https://example.com/hooks/stagecraft',
    headers: [],
    body: '',
    timeoutMs: 10_000,
    storeResponse: true,
  },
  ports: [
    { id: 'success', label: 'Success' },
    { id: 'failure', label: 'Failure' },
  ],
  compile: (config) => ({
    actions: [
      {
        type: 'http',
        request: {
          method: config.method,
          url: config.url,
          headers: Object.fromEntries(config.headers.map((header) => [header.name, header.value])),
          ...(config.body === '' ? {} : { body: config.body }),
          timeoutMs: config.timeoutMs,
        },
        store: config.storeResponse,
        ...withRetry(config),
      },
    ],
    exits: [
      { on: 'result', port: 'success', ok: true },
      { on: 'result', port: 'failure', ok: false },
    ],
  }),
  migrate: (config, fromVersion) =>
    fromVersion < 2 ? migrateTemplateFields(config, ['url', 'body'], 'headers') : config,
  validate: (config, context) => {
    const problems: ConfigProblem[] = [
      ...outboundUrlProblems(config.url, 'url', context),
      ...outboundBodyProblems(config.body, 'body', context),
    ];
    const seen = new Set<string>();
    config.headers.forEach((header, index) => {
      const name = header.name.toLowerCase();
      if (seen.has(name)) {
        problems.push({
          path: `headers.${index}.name`,
          message: `The header "${header.name}" is listed twice; keep one.`,
        });
      }
      seen.add(name);
      problems.push(...templateProblems(header.value, `headers.${index}.value`, context));
    });
    if ((config.method === 'GET' || config.method === 'DELETE') && config.body !== '') {
      problems.push({
        path: 'body',
        message: `A ${config.method} request cannot carry a body; clear it or use POST.`,
      });
    }
    return problems;
  },
  summary: (config) => `${config.method} ${hostOf(config.url)}`,
});

/** The retry and on-failure choices, only when set (old journeys compile as before). */
function withRetry(config: z.output<typeof HttpRequestConfigSchema>) {
  const retry = retrySpecOf(config);
  return {
    ...(retry ? { retry } : {}),
    ...(config.onFailure ? { onFailure: config.onFailure } : {}),
  };
}

function hostOf(url: string): string {
  const match = /^https?:\/\/([^/?#]+)/.exec(url);
  return match?.[1] ?? url;
}
