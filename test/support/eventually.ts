/**
 * Polls `probe` in real time until it gives something other than undefined, null or false: for
 * what an app does after it has acked (Slack calls, posts), which a test cannot await directly. A
 * wait, not a bound: the default leaves room for a busy machine (several files run at once).
 */
export async function eventually<T>(probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined && found !== null && found !== false) return found;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
