import { type JourneyNode, renderTemplate } from '@stagecraft/graph';
import { useRef } from 'react';
import type { TestCustomer } from '../simulation/useSimulation';

const COMMON_TRAITS = ['first_name', 'last_name', 'email', 'phone'];

/** Variables offered in message templates: the sample customer's traits, common ones, and stored HTTP responses. */
export function templateVariables(httpStepIds: readonly string[], customer: TestCustomer): string[] {
  const traits = new Set([...COMMON_TRAITS, ...Object.keys(customer.traits)]);
  const responses = httpStepIds.map((id) => `response.${id}`);
  return [...[...traits].map((trait) => `profile.${trait}`), 'stage', ...responses];
}

/** Ids of the HTTP request steps, whose stored responses templates can read, as one comparable string. */
export function httpStepKey(nodes: readonly JourneyNode[]): string {
  return nodes
    .filter((node) => node.type === 'http-request')
    .map((node) => node.id)
    .join(' ');
}

const FIELD_IN_RULE = /"field":"((?:profile|event|response)\.[A-Za-z0-9_$.-]+)"/g;

/** Field paths for rule inputs: the sample customer's traits plus every field the journey's rules already use. */
export function fieldSuggestions(configs: readonly unknown[], customer: TestCustomer): string[] {
  const fields = new Set(Object.keys(customer.traits).map((trait) => `profile.${trait}`));
  for (const match of JSON.stringify(configs).matchAll(FIELD_IN_RULE)) {
    if (match[1]) fields.add(match[1]);
  }
  return [...fields].sort();
}

/** Renders a template for the sample customer with the same renderer the runtime uses. */
export function previewRenderer(customer: TestCustomer): (template: string) => string {
  return (template) =>
    renderTemplate(template, {
      profile: { ...customer.traits, id: customer.id },
      event: { name: 'sample', properties: {}, at: Date.now() },
      stage: null,
      now: Date.now(),
    });
}

/** The steps' configs, as the same array for as long as no config changed (moving steps keeps it). */
export function useStableConfigs(nodes: readonly JourneyNode[]): readonly unknown[] {
  const stable = useRef<unknown[]>([]);
  const configs = nodes.map((node) => node.config);
  const changed =
    configs.length !== stable.current.length ||
    configs.some((config, index) => config !== stable.current[index]);
  if (changed) stable.current = configs;
  return stable.current;
}
