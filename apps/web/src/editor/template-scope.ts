import { type JourneyDocument, renderTemplate } from '@stagecraft/graph';
import type { TestCustomer } from '../simulation/useSimulation';

const COMMON_TRAITS = ['first_name', 'last_name', 'email', 'phone'];

/** Variables offered in message templates: the sample customer's traits, common ones, and stored HTTP responses. */
export function templateVariables(doc: JourneyDocument, customer: TestCustomer): string[] {
  const traits = new Set([...COMMON_TRAITS, ...Object.keys(customer.traits)]);
  const responses = doc.nodes
    .filter((node) => node.type === 'http-request')
    .map((node) => `response.${node.id}`);
  return [...[...traits].map((trait) => `profile.${trait}`), 'stage', ...responses];
}

const FIELD_IN_RULE = /"field":"((?:profile|event|response)\.[A-Za-z0-9_$.-]+)"/g;

/** Field paths for rule inputs: the sample customer's traits plus every field the journey's rules already use. */
export function fieldSuggestions(doc: JourneyDocument, customer: TestCustomer): string[] {
  const fields = new Set(Object.keys(customer.traits).map((trait) => `profile.${trait}`));
  for (const match of JSON.stringify(doc.nodes.map((node) => node.config)).matchAll(FIELD_IN_RULE)) {
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
