/**
 * The console as a signed-in person reaches it over plain HTTP, for the
 * scripts that play or measure it without a browser: the credentials
 * sign-in, and the Server-Sent Events of a tRPC subscription.
 */

/** Signs in with the credentials form, as a browser does; the cookies. */
export async function signIn(
  base: string,
  email: string,
  password: string,
): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = cookiesOf(csrf);
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: jar,
    },
    body: new URLSearchParams({ email, password, csrfToken }),
  });
  const session = cookiesOf(response);
  if (!session.includes("session-token")) {
    throw new Error(`${email} could not sign in`);
  }

  return `${jar}; ${session}`;
}

function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

/**
 * Hands each event's data to `onEvent` as it arrives, until the stream
 * ends or `onEvent` returns true; stopping early cancels the stream.
 */
export async function readEvents(
  body: ReadableStream<Uint8Array>,
  onEvent: (data: string) => boolean | void,
): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const part of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(part, { stream: true });
    for (let end = buffer.indexOf("\n\n"); end >= 0;) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block
        .split("\n")
        .filter((line) => line.startsWith("data:"))
        .map((line) => line.slice(5).trim())
        .join("\n");
      if (onEvent(data) === true) {
        return;
      }
      end = buffer.indexOf("\n\n");
    }
  }
}

/** A subscription event's value, unwrapped from its `{ json }`, or null. */
export function liveEvent(data: string): Record<string, unknown> | null {
  try {
    const parsed = JSON.parse(data) as { json?: unknown } | null;
    const value = parsed && "json" in parsed ? parsed.json : parsed;

    return value && typeof value === "object"
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
