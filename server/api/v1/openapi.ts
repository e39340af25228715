import { z } from "zod";

import { chunkMediaTypes, components, jsonMediaTypes } from "./contract";

type Name = keyof typeof components;

const ref = (name: Name) => ({ $ref: `#/components/schemas/${name}` });
const media = (name: Name, types = jsonMediaTypes) =>
  Object.fromEntries(types.map((type) => [type, { schema: ref(name) }]));
const body = (name: Name) => ({ required: true, content: media(name) });
const answer = (name: Name, description: string) => ({
  description,
  content: { "application/json": { schema: ref(name) } },
});
const failures = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [String(s), answer("Error", ERRORS[s] ?? "error")]),
  );

const ERRORS: Record<number, string> = {
  400: "malformed JSON, wrong types or unknown fields",
  401: "missing, unknown or revoked API key; bad or expired token",
  403: "not allowed, e.g. a human expectation posted with an API key",
  404: "no such entry or expectation (or parent entry, when opening)",
  409: "conflicts with the entry's state or an earlier request",
  413: "the body is over the size limit",
  415: "a Content-Type the operation does not take: see details.allowed",
  422:
    "well-formed but impossible, e.g. a criterion that can never be met " +
    "or a human expectation nobody may decide",
  429: "too many requests; see Retry-After",
};

const id = {
  name: "id",
  in: "path",
  required: true,
  schema: { type: "string" },
};
const key = {
  name: "key",
  in: "path",
  required: true,
  schema: { type: "string" },
};
const secured = [{ apiKey: [] }];

/** The OpenAPI 3.1 document, generated from the contract's schemas. */
export function openApiDocument() {
  const registry = z.registry<{ id: string }>();
  for (const [name, schema] of Object.entries(components)) {
    registry.add(schema, { id: name });
  }
  const generated = z.toJSONSchema(registry, {
    uri: (name) => `#/components/schemas/${name}`,
    io: "input",
    target: "draft-2020-12",
    unrepresentable: "any",
  });
  const schemas = Object.fromEntries(
    Object.entries(generated.schemas).map(([name, schema]) => {
      const {
        $schema: _s,
        $id: _i,
        ...rest
      } = schema as Record<string, unknown>;

      return [name, rest];
    }),
  );

  return {
    openapi: "3.1.0",
    info: {
      title: "Docket participant API",
      version: "1.0.0",
      description:
        "Open entries, post results against their expectations, stream, " +
        "and follow each entry's timeline. Request bodies are JSON: sent " +
        "as application/json or application/*+json, or with no " +
        "Content-Type at all; any other type is refused with 415.",
    },
    servers: [{ url: "/" }],
    components: {
      schemas,
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "an API key" },
      },
    },
    security: secured,
    paths: {
      "/api/v1/entries": {
        post: {
          operationId: "openEntry",
          summary: "Open an entry",
          requestBody: body("EntrySpec"),
          responses: {
            "201": answer("OpenedEntry", "opened"),
            "200": answer(
              "OpenedEntry",
              "the entry this API key opened earlier with this " +
                "idempotencyKey; another key's entries are never found",
            ),
            ...failures(400, 401, 404, 409, 413, 415, 422, 429),
          },
        },
      },
      "/api/v1/entries/{id}": {
        get: {
          operationId: "getEntry",
          summary: "The entry with its expectations, fragments and closure",
          parameters: [id],
          responses: {
            "200": answer("EntryView", "the entry"),
            ...failures(401, 404, 429),
          },
        },
      },
      "/api/v1/entries/{id}/expectations": {
        post: {
          operationId: "addExpectations",
          summary: "Add expectations to an open entry",
          parameters: [id],
          requestBody: body("AddExpectationsInput"),
          responses: {
            "201": answer("AddedExpectations", "added"),
            ...failures(400, 401, 404, 409, 413, 415, 422, 429),
          },
        },
      },
      "/api/v1/entries/{id}/fragments": {
        post: {
          operationId: "recordFragment",
          summary:
            "Record a fragment; late and duplicate are answers, not errors",
          parameters: [id],
          requestBody: body("FragmentInput"),
          responses: {
            "200": answer("FragmentAnswer", "recorded, with its disposition"),
            ...failures(400, 401, 403, 404, 409, 413, 415, 422, 429),
          },
        },
      },
      "/api/v1/entries/{id}/fragments/{key}/chunks": {
        post: {
          operationId: "recordChunks",
          summary:
            "Stream a result: one chunk as JSON, or an NDJSON body of chunks",
          description:
            "Repeated seqs are ignored, gaps are held until filled, and the " +
            "chunk that completes the stream up to its `done` seq makes the " +
            "fragment, with payload `{text}`. A stream's text may not pass " +
            "the server's stream limit: the chunk that would pass it is " +
            "refused with 413 and not kept (`details.limitBytes`). In an " +
            "NDJSON body each line is recorded as it arrives, and a bad " +
            "line ends the request with its error; the lines before it stay " +
            "recorded, and the error's `details` give the failing `line` " +
            "and how many lines were `recorded` before it. Lines after the " +
            "first take their share of the key's rate limit: a faster " +
            "stream is slowed, not refused. One request may last five " +
            "minutes; a longer stream continues in another request, from " +
            "the next seq.",
          parameters: [id, key],
          requestBody: {
            required: true,
            content: media("ChunkInput", chunkMediaTypes),
          },
          responses: {
            "200": answer("ChunkAnswer", "recorded"),
            ...failures(400, 401, 403, 404, 409, 413, 415, 422, 429),
          },
        },
      },
      "/api/v1/fragments/{token}": {
        post: {
          operationId: "recordFragmentByToken",
          summary:
            "Record a fragment through a capability URL, without an API key",
          security: [],
          parameters: [
            {
              name: "token",
              in: "path",
              required: true,
              schema: { type: "string" },
            },
          ],
          requestBody: body("FragmentInput"),
          responses: {
            "200": answer("FragmentAnswer", "recorded"),
            ...failures(400, 401, 403, 404, 409, 413, 415, 422, 429),
          },
        },
      },
      "/api/v1/entries/{id}/cancel": {
        post: {
          operationId: "cancelEntry",
          summary: "Close the entry as cancelled (again: a no-op)",
          parameters: [id],
          requestBody: {
            required: false,
            content: media("CancelInput"),
          },
          responses: {
            "200": answer("CancelAnswer", "cancelled"),
            ...failures(400, 401, 404, 413, 415, 429),
          },
        },
      },
      "/api/v1/entries/{id}/timeline": {
        get: {
          operationId: "getTimeline",
          summary: "The entry's events; live as Server-Sent Events",
          description:
            "As JSON, up to `limit` (10,000) events after `after`, fewer " +
            "when they would pass 4 MiB; `more` is true " +
            "when others follow, to be asked for with `after` set to the " +
            "last id given.",
          parameters: [
            id,
            {
              name: "after",
              in: "query",
              required: false,
              schema: { type: "integer", minimum: 0 },
            },
            {
              name: "limit",
              in: "query",
              required: false,
              schema: { type: "integer", minimum: 1, maximum: 10_000 },
            },
            {
              name: "Last-Event-ID",
              in: "header",
              required: false,
              schema: { type: "string" },
            },
          ],
          responses: {
            "200": {
              description: "the events",
              content: {
                "application/json": { schema: ref("Timeline") },
                "text/event-stream": { schema: { type: "string" } },
              },
            },
            "204": {
              description:
                "live: the entry closed and nothing follows Last-Event-ID",
            },
            ...failures(400, 401, 404, 429),
          },
        },
      },
      "/api/v1/openapi.json": {
        get: {
          operationId: "openApi",
          summary: "This document",
          security: [],
          responses: { "200": { description: "the OpenAPI document" } },
        },
      },
    },
  };
}
