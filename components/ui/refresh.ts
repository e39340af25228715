import type { QueryClient, QueryFilters } from "@tanstack/react-query";

/** Only while a page's live stream is down is it read on a timer. */
export const FALLBACK_REFRESH_MS = 30_000;

/**
 * Reads these queries again after a live change. A read in flight may
 * predate the change: it is cancelled and asked again, not waited for.
 */
export async function refreshNow(
  queryClient: QueryClient,
  ...filters: QueryFilters[]
): Promise<void> {
  await Promise.all(
    filters.map(async (filter) => {
      await queryClient.cancelQueries(filter);
      await queryClient.invalidateQueries(filter);
    }),
  );
}
