/**
 * Who has a chat open, counted per (user, thread); a connection without a
 * thread watches all of the user's threads. The console's chat
 * subscription connects while it is open and releases when it ends.
 *
 * Presence is per process: with several instances, a user connected to
 * another instance looks away here and also gets inbox and email. That
 * holds until instances share presence (a table with heartbeats, or the
 * database's pub/sub).
 */
export function createPresence() {
  const open = new Map<string, number>();
  const keyOf = (userEmail: string, thread: string | null) =>
    `${userEmail.trim().toLowerCase()}\n${thread ?? "*"}`;

  return {
    /** Counts one connection; the returned function releases it once. */
    connect(userEmail: string, thread?: string): () => void {
      const key = keyOf(userEmail, thread ?? null);
      open.set(key, (open.get(key) ?? 0) + 1);
      let released = false;

      return () => {
        if (released) {
          return;
        }
        released = true;
        const left = (open.get(key) ?? 1) - 1;
        if (left > 0) {
          open.set(key, left);
        } else {
          open.delete(key);
        }
      };
    },

    isConnected(userEmail: string, thread: string): boolean {
      return (
        open.has(keyOf(userEmail, thread)) || open.has(keyOf(userEmail, null))
      );
    },
  };
}

export type Presence = ReturnType<typeof createPresence>;
