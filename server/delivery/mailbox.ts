import fs from "node:fs";
import path from "node:path";

import { config } from "@/server/config";

import { decodeBody, decodeWords, parseMail } from "./mail-parse";
import { mailFolder } from "./mailer";

export interface MailSummary {
  id: string;
  to: string;
  subject: string;
  date: string;
}

export interface MailMessage extends MailSummary {
  /** The body as text, decoded from its transfer encoding. */
  text: string;
  raw: string;
}

const ID = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * The `.eml` files written when there is no SMTP server, newest first, for
 * the admins' console. The folder defaults to the one in the data folder.
 */
export function listMail(
  folder = mailFolder(config().dataDir),
  limit = 200,
): MailSummary[] {
  if (!fs.existsSync(folder)) {
    return [];
  }
  const files = fs
    .readdirSync(folder)
    .filter((name) => name.endsWith(".eml"))
    .map((name) => ({
      name,
      mtime: fs.statSync(path.join(folder, name)).mtimeMs,
    }))
    .sort((a, b) => b.mtime - a.mtime || b.name.localeCompare(a.name))
    .slice(0, limit);

  return files.map(({ name }) => {
    const raw = fs.readFileSync(path.join(folder, name), "utf8");

    return summary(name.slice(0, -".eml".length), parseMail(raw).headers);
  });
}

/** One message by id, or null; ids are delivery ids, nothing else. */
export function readMail(
  id: string,
  folder = mailFolder(config().dataDir),
): MailMessage | null {
  const file = path.join(folder, `${id}.eml`);
  if (!ID.test(id) || !fs.existsSync(file)) {
    return null;
  }
  const raw = fs.readFileSync(file, "utf8");
  const { headers, body } = parseMail(raw);
  const encoding = (
    headers.get("content-transfer-encoding") ?? ""
  ).toLowerCase();

  return { ...summary(id, headers), text: decodeBody(body, encoding), raw };
}

function summary(id: string, headers: Map<string, string>): MailSummary {
  return {
    id,
    to: headers.get("to") ?? "",
    subject: decodeWords(headers.get("subject") ?? ""),
    date: headers.get("date") ?? "",
  };
}
