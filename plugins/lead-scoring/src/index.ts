import type { AnyNodeType } from '@stagecraft/sdk';
import { scoreLead } from './score-lead.js';

export { type ScoreLeadConfig, ScoreLeadConfigSchema, scoreLead } from './score-lead.js';

/** What the server loads from this package. */
export const nodeTypes: AnyNodeType[] = [scoreLead];
