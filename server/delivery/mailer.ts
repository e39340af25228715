import fs from "node:fs/promises";
import path from "node:path";

import nodemailer from "nodemailer";

export interface Mail {
  /** The delivery id: the Message-ID and the file name. */
  id: string;
  to: string;
  subject: string;
  text: string;
  date: Date;
}

export interface Mailer {
  readonly kind: "smtp" | "files";
  send(mail: Mail): Promise<void>;
  close(): void;
}

/** Where mail is written when there is no SMTP server. */
export function mailFolder(dataDir: string): string {
  return path.join(dataDir, "mail");
}

/**
 * Sends mail through SMTP_URL when set; otherwise writes each message as
 * `<id>.eml` in the data folder, whole or not at all (a temporary file
 * renamed into place), so a retry after a crash leaves one file.
 */
export function createMailer(options: {
  smtpUrl?: string;
  dataDir: string;
  from: string;
}): Mailer {
  const { from } = options;
  const message = (mail: Mail) => ({
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    date: mail.date,
    messageId: `<${mail.id}@docket>`,
  });
  if (options.smtpUrl) {
    // Opportunistic STARTTLS when the server offers it; a URL may ask for
    // more (`?requireTLS=true`) or less (`?ignoreTLS=true`).
    const smtp = nodemailer.createTransport({
      url: options.smtpUrl,
      requireTLS: false,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });

    return {
      kind: "smtp",
      // An SMTP server cannot be asked whether it already holds a message:
      // a crash after it accepted this one and before the delivery is
      // marked sends it twice, under the same Message-ID. That stays so
      // until the relay deduplicates by Message-ID or we reach a store we
      // can query (IMAP APPEND with a search first, or an HTTP mail API
      // that takes an idempotency key).
      send: async (mail) => {
        await smtp.sendMail(message(mail));
      },
      close: () => smtp.close(),
    };
  }
  const folder = mailFolder(options.dataDir);
  const build = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: "unix",
  });

  return {
    kind: "files",
    send: async (mail) => {
      const info = await build.sendMail(message(mail));
      await fs.mkdir(folder, { recursive: true });
      const file = path.join(folder, `${mail.id}.eml`);
      const tmp = `${file}.${process.pid}.tmp`;
      const handle = await fs.open(tmp, "w", 0o600);
      try {
        await handle.writeFile(info.message as Buffer);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(tmp, file);
    },
    close: () => build.close(),
  };
}
