import { z } from "zod";

import {
  addExpectationsInputSchema,
  cancelInputSchema,
  jsonMediaTypes,
} from "./contract";
import { deliveryOf } from "@/server/delivery/read";
import { issuesOf } from "@/server/registry/errors";
import type { Actor } from "@/server/registry/record-fragment";

import {
  authenticate,
  checkMediaType,
  HttpError,
  json,
  parseJson,
  readJson,
  readText,
  type RequestContext,
  type ApiResponse,
} from "./http";
import { closureBrief, entryView, tokenFor } from "./views";

/** POST /api/v1/entries */
export async function openEntry(ctx: RequestContext): Promise<ApiResponse> {
  const key = authenticate(ctx);
  const body = await readJson(ctx.request);
  const { registry, secret } = ctx.runtime;
  const opened = await registry.openEntry(body, {
    type: "api_key",
    keyId: key.id,
  });
  const record = await registry.getEntry(opened.id);
  ctx.log.debug(
    { entryId: opened.id, replayed: opened.replayed },
    "entry.open",
  );

  return json(
    {
      id: record.entry.id,
      state: record.entry.state,
      replayed: opened.replayed,
      expectations: record.expectations.map((e) => ({
        key: e.key,
        kind: e.kind,
        state: e.state,
        token: tokenFor(secret, record.entry, e),
      })),
    },
    opened.replayed ? 200 : 201,
  );
}

/** GET /api/v1/entries/{id} */
export async function getEntry(ctx: RequestContext): Promise<ApiResponse> {
  authenticate(ctx);
  const id = entryId(ctx);
  const record = await ctx.runtime.registry.getEntry(id);
  const delivered = deliveryOf(ctx.runtime.db, id);

  return json(entryView(ctx.runtime.secret, record, delivered));
}

/** POST /api/v1/entries/{id}/expectations */
export async function addExpectations(ctx: RequestContext) {
  authenticate(ctx);
  const body = await readJson(ctx.request);
  const list = unwrap(body);
  const id = entryId(ctx);
  const added = await ctx.runtime.registry.addExpectations(id, list);
  ctx.log.debug(
    { entryId: id, keys: added.expectations.map((e) => e.key) },
    "expectations.add",
  );

  return json(
    {
      entry: { ...added.entry, closure: closureBrief(added.entry.closure) },
      expectations: added.expectations,
    },
    201,
  );
}

/** POST /api/v1/entries/{id}/fragments */
export async function postFragment(ctx: RequestContext): Promise<ApiResponse> {
  const key = authenticate(ctx);
  const body = await readJson(ctx.request);
  const actor: Actor = { type: "api_key", keyId: key.id };

  return recordFragment(ctx, entryId(ctx), body, actor);
}

export async function recordFragment(
  ctx: RequestContext,
  id: string,
  body: unknown,
  actor: Actor,
): Promise<ApiResponse> {
  const result = await ctx.runtime.registry.recordFragment(id, body, actor);
  ctx.log.debug(
    {
      entryId: id,
      fragmentId: result.fragmentId,
      disposition: result.disposition,
      replayed: result.replayed,
    },
    "fragment.record",
  );

  return json({
    fragmentId: result.fragmentId,
    disposition: result.disposition,
    replayed: result.replayed,
    entry: {
      id: result.entry.id,
      state: result.entry.state,
      closure: closureBrief(result.entry.closure),
    },
  });
}

/** POST /api/v1/entries/{id}/cancel */
export async function cancelEntry(ctx: RequestContext): Promise<ApiResponse> {
  authenticate(ctx);
  const body =
    ctx.request.headers.get("content-length") === "0"
      ? {}
      : await optionalJson(ctx);
  const parsed = cancelInputSchema.safeParse(body);
  if (!parsed.success) {
    throw new HttpError(
      400,
      "invalid_request",
      "the body may only hold { reason }",
      {
        issues: issuesOf(parsed.error),
      },
    );
  }
  const id = entryId(ctx);
  const result = await ctx.runtime.registry.cancelEntry(id, parsed.data.reason);
  ctx.log.debug({ entryId: id, cancelled: result.cancelled }, "entry.cancel");

  return json({
    cancelled: result.cancelled,
    closure: {
      reason: result.closure.reason,
      verdict: result.closure.verdict,
      detail: result.closure.detail,
      closedAt: new Date(result.closure.closedAt).toISOString(),
    },
  });
}

async function optionalJson(ctx: RequestContext): Promise<unknown> {
  const text = await readText(ctx.request);
  if (text.trim() === "") {
    return {};
  }
  checkMediaType(ctx.request, jsonMediaTypes);

  return parseJson(text, "the body");
}

export function entryId(ctx: RequestContext): string {
  const id = ctx.params.id ?? "";
  if (!/^ent_[0-9a-z]{26}$/.test(id)) {
    throw new HttpError(404, "not_found", "no such entry", { entryId: id });
  }

  return id;
}

/** The body is `{ expect: [...] }`, nothing else. */
function unwrap(body: unknown): unknown {
  const shape = addExpectationsInputSchema
    .extend({ expect: z.unknown() })
    .safeParse(body);
  if (!shape.success) {
    throw new HttpError(
      400,
      "invalid_request",
      "the body is { expect: [ ... ] }",
      {
        issues: issuesOf(shape.error),
      },
    );
  }

  return shape.data.expect;
}
