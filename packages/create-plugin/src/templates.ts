import type { PluginName } from './plugin-name';

/** The files of a new plugin, by path inside its folder. `baseConfig` is the workspace's tsconfig.base.json, relative. */
export function pluginFiles(name: PluginName, baseConfig: string): Record<string, string> {
  const type = `${name.namespace}/check-activity`;
  return {
    'package.json': `${JSON.stringify(packageJson(name), null, 2)}\n`,
    'tsconfig.json': `{\n  "extends": ${JSON.stringify(baseConfig)},\n  "include": ["src"]\n}\n`,
    'tsconfig.build.json': `{
  "extends": "./tsconfig.json",
  "compilerOptions": {
    "noEmit": false,
    "outDir": "dist",
    "rootDir": "src",
    "declaration": true
  },
  "exclude": ["src/**/*.test.ts"]
}
`,
    'vitest.config.ts': `import { defineConfig } from 'vitest/config';

/** This package's own tests, so \`pnpm test\` here runs them alone. */
export default defineConfig({ test: { include: ['src/**/*.test.ts'] } });
`,
    'src/index.ts': `import type { AnyNodeType } from '@stagecraft/sdk';
import { checkActivity } from './check-activity.js';

export { CheckActivityConfigSchema, checkActivity } from './check-activity.js';

/** What the server loads from this package (list every version of every type you ship). */
export const nodeTypes: AnyNodeType[] = [checkActivity];
`,
    'src/check-activity.ts': nodeTypeSource(type),
    'src/check-activity.test.ts': testSource(),
    'README.md': readme(name, type),
  };
}

function packageJson(name: PluginName) {
  return {
    name: name.packageName,
    version: '0.1.0',
    description: `${name.title}: steps for Stagecraft journeys.`,
    type: 'module',
    license: 'MIT',
    files: ['dist'],
    // The workspace imports the sources; the published package, its build.
    exports: { '.': './src/index.ts' },
    publishConfig: { exports: { '.': './dist/index.js' } },
    stagecraft: { sdk: '^1', nodeTypes: './dist/index.js' },
    scripts: {
      build: 'tsc -p tsconfig.build.json',
      test: 'vitest run',
      prepublishOnly: 'pnpm run build && pnpm run test',
    },
    dependencies: { '@stagecraft/sdk': 'workspace:*', zod: '^4.6.7' },
    devDependencies: { '@stagecraft/plugin-testing': 'workspace:*', typescript: '5.9.3', vitest: '4.1.12' },
  };
}

function nodeTypeSource(type: string): string {
  return `import { defineNodeType } from '@stagecraft/sdk';
import { z } from 'zod';

export const CheckActivityConfigSchema = z.object({
  event: z.string().trim().min(1, 'Name the event to count, e.g. page.viewed.').meta({ title: 'Event' }),
  withinDays: z.number().int().min(1).max(365).default(30).meta({ title: 'Within the last (days)' }),
  atLeast: z.number().int().min(1).default(3).meta({ title: 'Active from (times)' }),
});

/** Counts how often the customer did something lately, saves the count and branches on it. */
export const checkActivity = defineNodeType({
  type: '${type}',
  version: 1,
  title: 'Check activity',
  description:
    'Counts an event over the last days, saves the count on the profile and splits active from inactive.',
  category: 'action',
  icon: 'activity',
  configSchema: CheckActivityConfigSchema,
  defaults: { event: 'page.viewed', withinDays: 30, atLeast: 3 },
  ports: [
    { id: 'active', label: 'Active' },
    { id: 'inactive', label: 'Inactive' },
  ],
  compile: (config) => ({
    actions: [
      {
        type: 'plugin',
        params: { event: config.event, withinDays: config.withinDays, atLeast: config.atLeast },
      },
    ],
    exits: [
      { on: 'result', ok: true, port: 'active' },
      { on: 'result', ok: true, port: 'inactive' },
    ],
  }),
  execute: async ({ params }, { countEvents }) => {
    const config = CheckActivityConfigSchema.parse(params);
    const count = await countEvents(config.event, { withinDays: config.withinDays });
    return {
      ok: true,
      port: count >= config.atLeast ? 'active' : 'inactive',
      data: { count },
      profile: { recent_activity: count },
    };
  },
  summary: (config) => \`Active after \${config.atLeast} × \${config.event} in \${config.withinDays} days\`,
});
`;
}

function testSource(): string {
  return `import { DEFAULT_NOW, runNode } from '@stagecraft/sdk/testing';
import { describeConfig } from '@stagecraft/sdk';
import { describe, expect, it } from 'vitest';
import { checkActivity } from './check-activity.js';

const daysAgo = (days: number) => new Date(DEFAULT_NOW.getTime() - days * 86_400_000).toISOString();

describe('Check activity', () => {
  it('sends a customer with enough recent events down "active" and saves the count', async () => {
    const run = await runNode(checkActivity, {
      customer: { events: [1, 2, 3, 40].map((days) => ({ name: 'page.viewed', at: daysAgo(days) })) },
    });
    expect(run.port).toBe('active');
    expect(run.output).toEqual({ count: 3 });
    expect(run.profile).toEqual({ recent_activity: 3 });
  });

  it('sends a quiet customer down "inactive"', async () => {
    const run = await runNode(checkActivity, {
      customer: { events: [{ name: 'page.viewed', at: daysAgo(1) }] },
    });
    expect(run.port).toBe('inactive');
  });

  it('summarises its settings on the card', () => {
    expect(describeConfig(checkActivity, checkActivity.defaults)).toBe(
      'Active after 3 × page.viewed in 30 days',
    );
  });
});
`;
}

function readme(name: PluginName, type: string): string {
  return `# ${name.packageName}

${name.title}: steps for Stagecraft journeys.

## Steps

- **Check activity** (\`${type}\`): counts an event over the last days, saves the count on the
  profile (\`recent_activity\`) and sends the customer down _Active_ or _Inactive_.

## Develop

\`\`\`sh
pnpm --filter ${name.packageName} test    # the step run inside a journey by @stagecraft/sdk/testing
pnpm --filter ${name.packageName} build   # compiles src/ to dist/, what the server loads
\`\`\`

## Install

Add the package to the server's \`stagecraft.config.json\` and restart it:

\`\`\`json
{ "plugins": ["${name.packageName}"] }
\`\`\`

The step then appears in the editor's palette with its form. See docs/plugins.md in the
Stagecraft repository for the contract, versions and the trust model.
`;
}
