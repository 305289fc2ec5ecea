/**
 * The test kit for node types, as plugin authors import it: `@stagecraft/sdk/testing`. It runs a
 * step inside a small journey with the real compiler and engine, which themselves build on this
 * SDK, so the kit lives in its own package (`@stagecraft/plugin-testing`) and is offered here.
 */
export * from '@stagecraft/plugin-testing';
