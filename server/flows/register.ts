import { registerAssembler } from "@/server/delivery/assemblers";

import { SPEND_REQUEST } from "./spend-request";
import { answerSpendRequest } from "./spend-request-answer";

/** The app's own flows, registered once at start. */
export function registerFlows(): void {
  registerAssembler(SPEND_REQUEST, answerSpendRequest);
}
