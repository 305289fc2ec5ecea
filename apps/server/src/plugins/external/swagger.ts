import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createJsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { markPublic } from '../../auth/route-access';

/** OpenAPI built from the routes' zod schemas, served as JSON at /docs/json and as a UI at /docs. */
export default fp(
  async function openApi(app: FastifyInstance) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Stagecraft API',
          version: '1.0.0',
          description:
            'Management API (journeys, customers, messages, settings) under /api with the admin token as a Bearer token, and Segment-compatible ingestion under /v1 with a write key as the HTTP Basic user.',
        },
        components: {
          securitySchemes: {
            adminToken: {
              type: 'http',
              scheme: 'bearer',
              description: 'The admin token printed at first start.',
            },
            sessionCookie: {
              type: 'apiKey',
              in: 'cookie',
              name: 'stagecraft_session',
              description: 'The editor session from POST /api/session; changes also need X-CSRF-Token.',
            },
            writeKey: {
              type: 'http',
              scheme: 'basic',
              description: 'The write key as user name, empty password.',
            },
          },
        },
        tags: [
          { name: 'Ingestion', description: 'Segment-spec compatible event collection.' },
          { name: 'Journeys', description: 'Drafts, validation, publishing, versions and migrations.' },
          { name: 'Simulation', description: 'Run a journey on a virtual clock without storing anything.' },
          { name: 'Catalog', description: 'Node types and journey templates for the editor.' },
          { name: 'Customers', description: 'Profiles, runs and timelines.' },
          { name: 'Messages', description: 'The outbox: rendered messages and HTTP requests.' },
          { name: 'Settings', description: 'Lifecycle stages, write keys, admin tokens and channels.' },
          { name: 'Session', description: 'Sign-in, first run, password resets and invitation links.' },
          { name: 'People', description: 'Members of the workspace, their roles, and invitations.' },
          {
            name: 'Workspaces',
            description:
              'The workspaces the caller belongs to, creating them, and the API tokens and write keys of each.',
          },
          { name: 'Audit', description: 'Who changed what, when and from where: the append-only trail.' },
          { name: 'Health', description: 'Liveness and readiness for load balancers.' },
        ],
      },
      transform: createJsonSchemaTransform({ skipList: ['/docs', '/docs/*', '/*'] }),
      transformObject: jsonSchemaTransformObject,
    });
    // The documentation pages are public, like the API's shape they describe.
    await app.register(async (docs) => {
      docs.addHook('onRoute', markPublic);
      await docs.register(swaggerUi, { routePrefix: '/docs' });
    });
  },
  { name: 'openapi' },
);
