import { newId } from "@/server/registry/ids";

import { statementsFor } from "../statements";
import { PermanentError, type Channel } from "../types";

/**
 * The answer as an unread inbox item. Like chat, the row is keyed by the
 * delivery id and written in the transaction that marks it delivered.
 */
export const inbox: Channel = {
  local: true,
  send(delivery, answer, deps) {
    const { userEmail } = delivery.target;
    if (typeof userEmail !== "string" || userEmail === "") {
      throw new PermanentError("the delivery names no inbox owner");
    }
    statementsFor(deps.db).insertInbox.run({
      id: newId("inb", deps.now),
      userEmail: userEmail.trim().toLowerCase(),
      entryId: answer.entryId,
      title: answer.title,
      body: answer.text,
      deliveryId: delivery.id,
      createdAt: deps.now,
    });
  },
};
