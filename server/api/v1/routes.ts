import { postByToken } from "./capability";
import { postChunks } from "./chunks";
import {
  addExpectations,
  cancelEntry,
  getEntry,
  openEntry,
  postFragment,
} from "./entries";
import { json, type Handler } from "./http";
import { openApiDocument } from "./openapi";
import { getTimeline } from "./timeline";

type Method = "GET" | "POST";

// The document follows from the schemas alone: made once, on first ask.
let document: ReturnType<typeof openApiDocument> | undefined;
const getOpenApi: Handler = () =>
  Promise.resolve(json((document ??= openApiDocument())));

interface Route {
  /** Path segments after `/api/v1`; `:name` captures one segment. */
  path: string[];
  methods: Partial<Record<Method, Handler>>;
}

/** Every route of the participant API, the table DESIGN.md lists. */
const ROUTES: Route[] = [
  { path: ["entries"], methods: { POST: openEntry } },
  { path: ["entries", ":id"], methods: { GET: getEntry } },
  {
    path: ["entries", ":id", "expectations"],
    methods: { POST: addExpectations },
  },
  { path: ["entries", ":id", "fragments"], methods: { POST: postFragment } },
  {
    path: ["entries", ":id", "fragments", ":key", "chunks"],
    methods: { POST: postChunks },
  },
  { path: ["fragments", ":token"], methods: { POST: postByToken } },
  { path: ["entries", ":id", "cancel"], methods: { POST: cancelEntry } },
  { path: ["entries", ":id", "timeline"], methods: { GET: getTimeline } },
  { path: ["openapi.json"], methods: { GET: getOpenApi } },
];

export type Match =
  | { kind: "found"; handler: Handler; params: Record<string, string> }
  | { kind: "method"; allow: string[] }
  | { kind: "missing" };

/**
 * Finds the handler for decoded path segments after `/api/v1`. A path
 * that exists under another method answers with the methods it allows.
 */
export function matchRoute(method: string, segments: string[]): Match {
  for (const route of ROUTES) {
    const params = captures(route.path, segments);
    if (!params) {
      continue;
    }
    const handler = route.methods[method as Method];
    if (handler) {
      return { kind: "found", handler, params };
    }

    return { kind: "method", allow: Object.keys(route.methods) };
  }

  return { kind: "missing" };
}

function captures(
  pattern: string[],
  segments: string[],
): Record<string, string> | null {
  if (pattern.length !== segments.length) {
    return null;
  }
  const params: Record<string, string> = {};
  for (const [i, part] of pattern.entries()) {
    const segment = segments[i] ?? "";
    if (part.startsWith(":")) {
      if (segment === "") {
        return null;
      }
      params[part.slice(1)] = segment;
    } else if (part !== segment) {
      return null;
    }
  }

  return params;
}
