import { describe, expect, it } from 'vitest';
import { openApiToMarkdown, typeOf } from './openapi-markdown';

describe('openApiToMarkdown', () => {
  it('writes schemas as compact types', () => {
    expect(typeOf({ type: 'array', items: { type: 'string' } }, 0)).toBe('string[]');
    expect(typeOf({ anyOf: [{ type: 'string' }, { type: 'null' }] }, 0)).toBe('string | null');
    expect(typeOf({ $ref: '#/components/schemas/Journey' }, 0)).toBe('Journey');
    expect(typeOf({ type: 'object', additionalProperties: { type: 'number' } }, 0)).toBe(
      'Record<string, number>',
    );
    expect(
      typeOf(
        { type: 'object', properties: { id: { type: 'string' }, n: { type: 'integer' } }, required: ['id'] },
        0,
      ),
    ).toBe('{\n  id: string;\n  n?: number;\n}');
  });

  it('groups routes by tag with auth, body and responses', () => {
    const markdown = openApiToMarkdown({
      info: { title: 'Demo API' },
      paths: {
        '/api/things': {
          post: {
            tags: ['Things'],
            summary: 'Create a thing',
            security: [{ adminToken: [] }],
            requestBody: {
              content: {
                'application/json': { schema: { type: 'object', properties: { name: { type: 'string' } } } },
              },
            },
            responses: {
              '201': {
                content: {
                  'application/json': { schema: { type: 'object', properties: { id: { type: 'string' } } } },
                },
              },
            },
          },
        },
      },
    });
    expect(markdown).toContain('## Things');
    expect(markdown).toContain('### POST /api/things');
    expect(markdown).toContain('Auth: Bearer admin token');
    expect(markdown).toContain('name?: string;');
    expect(markdown).toContain('Response 201:');
  });
});
