import type { Db } from "@/db/client";
import type { DeliveryRow } from "@/db/schema";

import { statementsFor } from "./statements";
import type { Content } from "./types";

/**
 * What a delivery carries: the entry's stored answer, or for an approval
 * request the message rendered when it was queued. Null when it is gone.
 */
export function contentOf(db: Db, delivery: DeliveryRow): Content | null {
  if (delivery.purpose === "approval_request") {
    const message = delivery.message;
    if (!message) {
      return null;
    }

    return {
      entryId: delivery.entryId,
      purpose: delivery.purpose,
      title: String(message.title),
      text: String(message.text),
      parts: { key: delivery.target.key ?? null, link: message.link ?? null },
      verdict: null,
      reason: null,
    };
  }
  const answer = statementsFor(db).answerOf.get({ id: delivery.entryId });
  if (!answer) {
    return null;
  }

  return {
    entryId: answer.entryId,
    purpose: delivery.purpose,
    title: answer.title,
    text: answer.text,
    parts: answer.parts,
    verdict: answer.verdict,
    reason: answer.reason,
  };
}
