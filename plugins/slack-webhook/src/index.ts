import type { AnyNodeType } from '@stagecraft/sdk';
import { postMessage } from './post-message.js';

export { escapeMrkdwn } from './mrkdwn.js';
export { PostMessageConfigSchema, postMessage } from './post-message.js';

/** What the server loads from this package. */
export const nodeTypes: AnyNodeType[] = [postMessage];
