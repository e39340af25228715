export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") {
    return;
  }
  const { getRuntime } = await import("@/server/runtime");
  getRuntime().start();
}
