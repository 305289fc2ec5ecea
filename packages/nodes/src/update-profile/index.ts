import { ScalarSchema } from '@stagecraft/graph';
import { type ConfigProblem, defineNodeType } from '@stagecraft/sdk';
import { z } from 'zod';
import { TraitNameSchema } from '../shared/traits';

/** Config of update-profile: traits to set to a value and traits to remove. */
export const UpdateProfileConfigSchema = z.object({
  set: z
    .array(
      z
        .object({
          field: TraitNameSchema.meta({ title: 'Trait' }),
          value: ScalarSchema.meta({ title: 'New value' }),
        })
        .meta({ title: 'Set a trait' }),
    )
    .max(50, 'at most 50 traits')
    .default([])
    .meta({
      title: 'Set traits',
      description: 'Traits to write on the profile, e.g. onboarding_done = true.',
    }),
  unset: z
    .array(TraitNameSchema)
    .max(50, 'at most 50 traits')
    .default([])
    .meta({ title: 'Remove traits', description: 'Traits to delete from the profile.' }),
});

/** Writes or removes traits on the customer's profile. */
export const updateProfile = defineNodeType({
  type: 'update-profile',
  version: 1,
  title: 'Update profile',
  description: "Sets or removes traits on the customer's profile, e.g. marks onboarding as done.",
  category: 'action',
  icon: 'user-cog',
  configSchema: UpdateProfileConfigSchema,
  defaults: { set: [], unset: [] },
  ports: [{ id: 'out', label: 'Next' }],
  compile: (config) => ({
    actions: [
      {
        type: 'update-profile',
        set: Object.fromEntries(config.set.map((entry) => [entry.field, entry.value])),
        unset: config.unset,
      },
    ],
    exits: [{ on: 'always', port: 'out' }],
  }),
  validate: (config) => {
    const problems: ConfigProblem[] = [];
    if (config.set.length === 0 && config.unset.length === 0) {
      problems.push({
        path: 'set',
        severity: 'warning',
        message: 'Nothing to change yet; add a trait to set or remove.',
      });
    }
    const seen = new Set<string>();
    config.set.forEach((entry, index) => {
      if (seen.has(entry.field)) {
        problems.push({ path: `set.${index}.field`, message: `"${entry.field}" is set twice; keep one.` });
      }
      seen.add(entry.field);
    });
    config.unset.forEach((field, index) => {
      if (seen.has(field)) {
        problems.push({ path: `unset.${index}`, message: `"${field}" is both set and removed; pick one.` });
      }
    });
    return problems;
  },
  summary: (config) => {
    const parts = [
      ...(config.set.length ? [`Set ${config.set.map((entry) => entry.field).join(', ')}`] : []),
      ...(config.unset.length ? [`remove ${config.unset.join(', ')}`] : []),
    ];
    return parts.length ? parts.join('; ') : 'No changes yet';
  },
});
