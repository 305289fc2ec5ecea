export { type AllowList, allows, EMPTY_ALLOW_LIST, parseAllowList } from './allow-list';
export { BlockedAddressError, refusal } from './connector';
export {
  createGuardedFetch,
  type GuardedFetch,
  MAX_REDIRECTS,
  refusedReason,
  TooManyRedirectsError,
} from './guarded-fetch';
