/**
 * The fake Slack in a process of its own, so that the end-to-end benchmark measures the bot's work
 * and not also the fake's (as a real Slack would be elsewhere). Started with fork(); answers
 * { type: "ready", url } and exits on { type: "exit" }.
 */
import { startTestSlack } from "../test/support/test-slack.js";
import { BENCH_PEOPLE } from "./seed.js";

const fake = await startTestSlack({ pageSize: 200, users: BENCH_PEOPLE });
// Recording every call is for tests; here it would only grow memory.
setInterval(() => fake.reset(), 1_000).unref();
process.send?.({ type: "ready", url: fake.url });
process.on("message", (msg: { type?: string }) => {
  if (msg.type === "exit") void fake.stop().then(() => process.exit(0));
});
process.on("disconnect", () => void fake.stop().then(() => process.exit(0)));
