import { type AnyNodeType, createRegistry, type NodeRegistry } from '@stagecraft/sdk';
import { apiTrigger } from './api-trigger';
import { attributeTrigger } from './attribute-trigger';
import { condition } from './condition';
import { dateTrigger } from './date-trigger';
import { eventTrigger } from './event-trigger';
import { exit } from './exit';
import { goal } from './goal';
import { httpRequest } from './http-request';
import { multiSplit } from './multi-split';
import { randomSplit } from './random-split';
import { segmentTrigger } from './segment-trigger';
import { sendMessage } from './send-message';
import { setStage } from './set-stage';
import { tag } from './tag';
import { updateProfile } from './update-profile';
import { wait } from './wait';
import { waitForEvent } from './wait-for-event';

export { ApiTriggerConfigSchema, apiTrigger } from './api-trigger';
export { AttributeTriggerConfigSchema, attributeTrigger } from './attribute-trigger';
export { ConditionConfigSchema, condition } from './condition';
export { DateTriggerConfigSchema, dateTrigger } from './date-trigger';
export { EventTriggerConfigSchema, eventTrigger } from './event-trigger';
export { ExitConfigSchema, exit } from './exit';
export { GoalConfigSchema, goal } from './goal';
export { HttpRequestConfigSchema, httpRequest } from './http-request';
export { MultiSplitConfigSchema, multiSplit } from './multi-split';
export {
  HOLDOUT,
  type RandomSplitConfig,
  RandomSplitConfigSchema,
  randomSplit,
  type SplitShare,
  splitShares,
} from './random-split';
export { SegmentTriggerConfigSchema, segmentTrigger } from './segment-trigger';
export { SendMessageConfigSchema, sendMessage } from './send-message';
export { SetStageConfigSchema, setStage } from './set-stage';
export { DurationSchema, durationSeconds, OffsetSchema, offsetSeconds, TimeOfDaySchema } from './shared/time';
export { TagConfigSchema, tag } from './tag';
export { UpdateProfileConfigSchema, updateProfile } from './update-profile';
export { WaitConfigSchema, wait } from './wait';
export { WaitForEventConfigSchema, waitForEvent } from './wait-for-event';

/** Every built-in node type, triggers first, in palette order. */
export const builtinNodeTypes: AnyNodeType[] = [
  eventTrigger,
  segmentTrigger,
  attributeTrigger,
  dateTrigger,
  apiTrigger,
  wait,
  waitForEvent,
  condition,
  multiSplit,
  randomSplit,
  goal,
  exit,
  sendMessage,
  updateProfile,
  setStage,
  tag,
  httpRequest,
];

/** A registry holding exactly the built-in node types; plugins build their own with `createRegistry`. */
export const builtinRegistry: NodeRegistry = createRegistry(builtinNodeTypes);
