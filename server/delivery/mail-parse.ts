/**
 * Just enough of RFC 5322 and MIME to show the messages Docket itself
 * wrote: single-part text, headers possibly folded or encoded.
 */

/** Headers (unfolded, names lower-cased) and the body of a message. */
export function parseMail(raw: string) {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? "" : raw.slice(split).replace(/^\r?\n\r?\n/, "");
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) {
      const name = line.slice(0, colon).trim().toLowerCase();
      headers.set(name, line.slice(colon + 1).trim());
    }
  }

  return { headers, body };
}

export function decodeBody(body: string, encoding: string): string {
  if (encoding === "base64") {
    return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  }
  if (encoding === "quoted-printable") {
    const joined = body.replace(/=\r?\n/g, "");

    return Buffer.from(unescapeHex(joined), "latin1").toString("utf8");
  }

  return body;
}

/** RFC 2047 encoded words (`=?UTF-8?Q?...?=`, `=?UTF-8?B?...?=`). */
export function decodeWords(text: string): string {
  return text
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_m, _charset, kind, data) =>
      String(kind).toUpperCase() === "B"
        ? Buffer.from(String(data), "base64").toString("utf8")
        : Buffer.from(
            unescapeHex(String(data).replace(/_/g, " ")),
            "latin1",
          ).toString("utf8"),
    );
}

function unescapeHex(text: string): string {
  return text.replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}
