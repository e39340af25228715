import { PermanentError, type Channel } from "../types";

/**
 * The answer, or an approval request, as an email: through SMTP when it is
 * configured, else as an `.eml` file (see the mailer). The Message-ID is
 * the delivery id, so a resent message is recognisably the same one.
 */
export const email: Channel = {
  local: false,
  async send(delivery, answer, deps) {
    const { to } = delivery.target;
    if (typeof to !== "string" || !to.includes("@")) {
      throw new PermanentError("the delivery names no email address");
    }
    await deps.mailer.send({
      id: delivery.id,
      to,
      subject: answer.title,
      text: answer.text,
      date: new Date(deps.now),
    });
  },
};
