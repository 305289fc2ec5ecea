import { compileJourney } from '@stagecraft/compiler';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { auditActor } from '../audit/record';
import { type Role, roleRank } from '../auth/permissions';
import { AppError } from '../errors';
import { diffDocuments } from './diff';

/** A document that compiled without errors, ready to be frozen as a version. */
export interface Publishable {
  document: Record<string, unknown>;
  hash: string;
  diagnostics: ReturnType<typeof compileJourney>['diagnostics'];
}

/** Compiles a journey's document as version `version`; 422 `journey-invalid` while errors remain. */
export function compileForPublish(
  app: FastifyInstance,
  journeyId: string,
  document: unknown,
  version: number,
): Publishable {
  const result = compileJourney(document as never, app.registry, { journeyId, version });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (!result.ok || errors.length > 0) {
    throw new AppError('journey-invalid', {
      message: `The journey has ${errors.length || 'some'} error${errors.length === 1 ? '' : 's'}; fix the steps listed in diagnostics, then publish again.`,
      details: { diagnostics: result.diagnostics },
    });
  }
  return {
    document: result.journey.document as unknown as Record<string, unknown>,
    hash: result.journey.hash,
    diagnostics: result.diagnostics,
  };
}

/**
 * Freezes a compiled document as the journey's next version, published by the request's actor,
 * records it in the audit trail (with `auditDetails`, such as the approved request), and says
 * what changed since the last version.
 */
export async function publishCompiled(
  app: FastifyInstance,
  request: FastifyRequest,
  journeyId: string,
  compiled: Publishable,
  auditDetails: Record<string, unknown> = {},
) {
  const { journeys } = app.repositories;
  const workspaceId = request.workspaceId;
  let published: Awaited<ReturnType<typeof journeys.publish>>;
  try {
    published = await journeys.publish(workspaceId, journeyId, compiled.document, compiled.hash, {
      ...auditActor(request),
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('publish-conflict');
    throw error;
  }
  const previous =
    published.previous === null ? null : await journeys.version(workspaceId, journeyId, published.previous);
  app.runtime.journeyChanged(journeyId);
  await app.audit(request, {
    action: 'journey.publish',
    target: { kind: 'journey', id: journeyId },
    before: published.previous === null ? null : { version: published.previous, hash: previous?.hash },
    after: { version: published.version, hash: published.hash, ...auditDetails },
  });
  const publishedBy = (await journeys.versions(workspaceId, journeyId))[0]?.publishedBy ?? null;
  return {
    version: published.version,
    hash: published.hash,
    publishedAt: published.publishedAt,
    publishedBy,
    diagnostics: compiled.diagnostics,
    changes: diffDocuments(previous?.document ?? null, compiled.document, published.previous),
  };
}

/**
 * Whether a publish by `role` waits for approval: in workspaces that require it, anyone below
 * admin asks, and admins and owners decide.
 */
export function needsApproval(workspace: { publishApproval: boolean } | null, role: Role): boolean {
  return (workspace?.publishApproval ?? false) && roleRank(role) < roleRank('admin');
}

/** Postgres (and PGlite) report a duplicate key as SQLSTATE 23505, possibly wrapped by Drizzle. */
function isUniqueViolation(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505') return true;
  }
  return false;
}
