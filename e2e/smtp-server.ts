import fs from "node:fs";
import path from "node:path";

import { SMTPServer } from "smtp-server";

/**
 * A real SMTP server on loopback for the whole run: the app under test
 * sends every mail here (its SMTP_URL points at this port), and each
 * message received is kept as a JSON file that specs read back.
 */
export default async function startSmtpServer(): Promise<() => Promise<void>> {
  const port = Number(process.env.DOCKET_E2E_SMTP_PORT);
  const folder = process.env.DOCKET_E2E_SMTP_DIR ?? "";
  if (!port || !folder) {
    throw new Error("playwright.config.ts sets the SMTP port and folder");
  }
  fs.mkdirSync(folder, { recursive: true });
  let count = 0;

  const server = new SMTPServer({
    // Plain SMTP on loopback: no certificate to trust, no account.
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        count += 1;
        const mail = {
          from: session.envelope.mailFrom
            ? session.envelope.mailFrom.address
            : "",
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          receivedAt: Date.now(),
          raw: Buffer.concat(chunks).toString("utf8"),
        };
        const file = path.join(folder, `${String(count).padStart(5, "0")}`);
        // Written whole, then renamed, so a reader never sees half of it.
        fs.writeFileSync(`${file}.tmp`, JSON.stringify(mail));
        fs.renameSync(`${file}.tmp`, `${file}.json`);
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });

  return async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    fs.rmSync(folder, { recursive: true, force: true });
  };
}
