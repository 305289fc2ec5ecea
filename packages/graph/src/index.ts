export {
  evaluateRules,
  matchesEvent,
  type RuleScope,
  readPath,
  type ScopeEvent,
  toTime,
} from './evaluate-rules';
export { type EventMatcher, EventMatcherSchema } from './event-matcher';
export {
  constraintOfIssue,
  type FieldConstraint,
  fieldSentence,
  type SchemaIssue,
} from './field-sentences';
export { EventNameSchema, IdSchema, NodeTypeIdSchema } from './ids';
export { blockedReason, internalAddressClass, literalInternalHost } from './internal-address';
export { formatPath, type GraphIssue, type IssueDetail, issueNodeIds } from './issues';
export {
  DEFAULT_STAGES,
  type GoalSetting,
  GoalSettingSchema,
  JOURNEY_SCHEMA_VERSION,
  type JourneyDocument,
  type JourneyDocumentInput,
  JourneyDocumentSchema,
  type JourneyEdge,
  JourneyEdgeSchema,
  type JourneyNode,
  JourneyNodeSchema,
  type JourneySettings,
  JourneySettingsSchema,
  LIMITS,
  PositionSchema,
  type Reentry,
  ReentrySchema,
  type Stage,
  StageSchema,
} from './journey';
export {
  liquidScope,
  parseTemplate,
  TEMPLATE_LIMITS,
  TEMPLATE_ROOTS,
  TemplateError,
  type TemplateRead,
  templateReads,
  toText,
} from './liquid';
export {
  type RenderOptions,
  renderBodyTemplate,
  renderHtmlTemplate,
  renderTemplate,
  renderUrlTemplate,
} from './render-template';
export {
  ANY_RULE,
  eventFilterProblems,
  type RuleProblem,
  type RuleReach,
  ruleGroupProblems,
  ruleListProblems,
  ruleProblems,
} from './rule-problems';
export {
  CLV_FIELDS,
  type ClvField,
  type EventCountRule,
  EventCountRuleSchema,
  type EventOrderRule,
  EventOrderRuleSchema,
  FieldPathSchema,
  type FieldRule,
  FieldRuleSchema,
  MAX_RULE_DEPTH,
  OPERATORS,
  type Operator,
  OperatorSchema,
  type Rule,
  type RuleGroup,
  RuleGroupSchema,
  RuleSchema,
  ruleDepth,
  type Scalar,
  ScalarSchema,
  SegmentIdSchema,
  type SegmentMembershipRule,
  SegmentMembershipRuleSchema,
} from './rules';
export {
  encodeUrlValue,
  escapeHtml,
  firstMarkup,
  hasMarkup,
  headerValue,
  isJsonTemplate,
  jsonTemplateProblem,
  renderedUrlProblem,
  urlTemplateProblem,
} from './template-contexts';
export { type TemplateReach, templateProblems, templateVariables } from './template-problems';
export {
  isValidTimeZone,
  type ParseResult,
  parseJourney,
  type StepNamer,
  validateStructure,
} from './validate';
