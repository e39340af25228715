import { route } from "@/server/api/v1/http";
import { getTimeline } from "@/server/api/v1/timeline";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(getTimeline);
