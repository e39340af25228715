import fs from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";

import { SMTPServer } from "smtp-server";
import { afterEach, describe, expect, it } from "vitest";

import { registriesPerTest } from "@/server/registry/testing/helpers";

import { parseMail } from "./mail-parse";
import { listMail, readMail } from "./mailbox";
import { mailFolder } from "./mailer";
import { closedEntry, deliveriesOf, workersPerTest } from "./testing/helpers";

const fresh = registriesPerTest();
const workerOf = workersPerTest();

interface Received {
  from: string;
  to: string[];
  raw: string;
}

const servers: SMTPServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    await new Promise<void>((done) => server.close(() => done()));
  }
});

/** A real SMTP server on loopback, no TLS, no auth, that keeps what it gets. */
async function smtpServer() {
  const received: Received[] = [];
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom
            ? session.envelope.mailFrom.address
            : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.server.address() as AddressInfo;

  return { url: `smtp://127.0.0.1:${port}`, received };
}

describe("an answer by email", () => {
  it("goes through SMTP with the delivery id as Message-ID", async () => {
    const h = fresh();
    const smtp = await smtpServer();
    const { worker } = workerOf(h, {
      smtpUrl: smtp.url,
      mailFrom: "docket@example.com",
    });

    const id = await closedEntry(h, {
      requester: "uma@example.com",
      question: "Can I book SFO to JFK for $640?",
      channel: { kind: "email" },
    });
    await worker.drain();

    const [delivery] = deliveriesOf(h, id);
    expect(delivery).toMatchObject({
      channel: "email",
      status: "delivered",
      attempts: 1,
    });
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail?.to).toEqual(["uma@example.com"]);
    expect(mail?.from).toBe("docket@example.com");
    const { headers, body } = parseMail(mail?.raw ?? "");
    expect(headers.get("message-id")).toBe(`<${delivery?.id}@docket>`);
    expect(headers.get("subject")).toBe(
      "Answer: Can I book SFO to JFK for $640?",
    );
    expect(body).toContain("You asked: Can I book SFO to JFK for $640?");
    expect(body).toContain('- budget: {"remaining":1200}');
    expect(mailFolderFiles(h.file)).toEqual([]);
  });

  it("is retried when the SMTP server cannot be reached", async () => {
    const h = fresh();
    const smtp = await smtpServer();
    const closed = smtp.url.replace(/:\d+$/, ":1");
    const { worker } = workerOf(h, { smtpUrl: closed });

    const id = await closedEntry(h, {
      requester: "uma@example.com",
      channel: { kind: "email" },
    });
    await worker.drain();

    const [delivery] = deliveriesOf(h, id);
    expect(delivery).toMatchObject({ status: "pending", attempts: 1 });
    expect(delivery?.lastError).toMatch(/ECONNREFUSED|connect/i);
  });

  it("is written as an .eml file, listed and read back, when there is no SMTP", async () => {
    const h = fresh();
    const { worker } = workerOf(h);
    const folder = mailFolder(path.dirname(h.file));

    const first = await closedEntry(h, {
      requester: "uma@example.com",
      question: "First?",
      channel: { kind: "email" },
    });
    const second = await closedEntry(h, {
      requester: "ada@example.com",
      question: "Second — ünïcode?",
      channel: { kind: "email" },
    });
    await worker.drain();

    const ids = [first, second].map((e) => deliveriesOf(h, e)[0]?.id);
    const listed = listMail(folder);
    expect(listed.map((m) => m.id).sort()).toEqual([...ids].sort());
    const mail = readMail(ids[1] ?? "", folder);
    expect(mail).toMatchObject({
      to: "ada@example.com",
      subject: "Answer: Second — ünïcode?",
    });
    expect(mail?.date).toBe("Fri, 01 May 2026 12:00:00 +0000");
    expect(mail?.text).toContain("You asked: Second — ünïcode?");
    expect(mail?.raw).toContain(`Message-ID: <${ids[1]}@docket>`);
    expect(readMail("../db", folder)).toBeNull();
    expect(mailFolderFiles(h.file).every((f) => f.endsWith(".eml"))).toBe(true);
  });
});

function mailFolderFiles(dbFile: string): string[] {
  const folder = mailFolder(path.dirname(dbFile));

  return fs.existsSync(folder) ? fs.readdirSync(folder) : [];
}
