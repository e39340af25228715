import { newId } from "@/server/registry/ids";

import { statementsFor } from "../statements";
import { PermanentError, type Channel } from "../types";

/**
 * The answer as a message in the user's thread. The row is keyed by the
 * delivery id (unique) and written in the transaction that marks the
 * delivery delivered, so it exists once; the live bus hears of it after
 * that commits.
 */
export const chat: Channel = {
  local: true,
  send(delivery, answer, deps) {
    const { thread, userEmail } = delivery.target;
    if (typeof thread !== "string" || typeof userEmail !== "string") {
      throw new PermanentError("the delivery names no chat thread and user");
    }
    const id = newId("msg", deps.now);
    const user = userEmail.trim().toLowerCase();
    statementsFor(deps.db).insertChat.run({
      id,
      thread,
      userEmail: user,
      entryId: answer.entryId,
      body: answer.text,
      parts: answer.parts,
      deliveryId: delivery.id,
      createdAt: deps.now,
    });
    deps.afterCommit(() =>
      deps.live.publish({
        type: "answer",
        userEmail: user,
        thread,
        entryId: answer.entryId,
        messageId: id,
        title: answer.title,
        text: answer.text,
        verdict: answer.verdict,
      }),
    );
  },
};
