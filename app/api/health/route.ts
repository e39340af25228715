import { logger } from "@/server/logger";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export function GET(): Response {
  const ready = isReady();

  return Response.json(
    { ok: ready },
    {
      status: ready ? 200 : 503,
      headers: { "cache-control": "no-store" },
    },
  );
}

function isReady(): boolean {
  try {
    return getRuntime().ready;
  } catch (error) {
    logger.error({ err: error }, "health.runtime_unavailable");

    return false;
  }
}
