/**
 * Route schemas are the shared zod schemas (src/shared/protocol.ts, domain.ts),
 * handed to Fastify through fastify-type-provider-zod: the same schema
 * validates the request, types the handler and describes the route in the
 * OpenAPI document. A validation failure is our VALIDATION_FAILED error, with
 * the same first-field message and `details.issues` as a socket command.
 */
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import { AppError, validationError } from '../../shared/errors.js';

/** How a request part is named in messages: `params.id: …`, `query.limit: …`; body fields are named bare. */
const PART_PREFIX: Readonly<Record<string, string[]>> = {
  body: [],
  params: ['params'],
  querystring: ['query'],
  headers: ['headers'],
};
/** The shared VALIDATION_FAILED of a socket command, with the issues' paths starting at the request part. */
function refusal(error: z.ZodError, prefix: readonly string[]): AppError {
  if (prefix.length === 0) return validationError(error);
  return validationError(new z.ZodError(error.issues.map((issue) => ({ ...issue, path: [...prefix, ...issue.path] }))));
}

const validatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema, httpPart }) => {
  const prefix = PART_PREFIX[httpPart ?? 'body'] ?? [];
  return (data) => {
    // Fastify hands a missing body over as null.
    if (httpPart === 'body' && (data === null || data === undefined)) {
      return { error: new AppError('VALIDATION_FAILED', 'body: a JSON body is required') };
    }
    const result = schema.safeParse(data);
    return result.success ? { value: result.data } : { error: refusal(result.error, prefix) };
  };
};

/**
 * Responses are typed from their schemas at compile time and described in the
 * OpenAPI document, but written with plain JSON.stringify: the entities were
 * validated when they were written (the store refuses what the reader would),
 * and re-validating every page of messages on the way out would cost the
 * hottest read routes CPU and turn a read into a 500 on a mismatch.
 */
const serializerCompiler = () => (data: unknown) => JSON.stringify(data);

export function useZodSchemas(app: FastifyInstance): void {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
}
