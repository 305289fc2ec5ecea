import { z } from 'zod';

/** The workspace's Slack settings, edited in Settings > Plugins; the webhook URL is kept encrypted. */
export const settingsSchema = z.object({
  webhookUrl: z
    .url({
      protocol: /^https?$/,
      message: 'Paste the incoming webhook URL Slack gave you (https://hooks.slack.com/...).',
    })
    .meta({
      title: 'Incoming webhook URL',
      description: 'From your Slack app: Features > Incoming Webhooks > Add New Webhook to Workspace.',
      secret: true,
    }),
});

export type SlackSettings = z.infer<typeof settingsSchema>;
