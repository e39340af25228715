import { addExpectations } from "@/server/api/v1/entries";
import { route } from "@/server/api/v1/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = route(addExpectations);
