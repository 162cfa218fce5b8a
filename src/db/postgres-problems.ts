/** A database the bot cannot use, said so that a person knows what to change. */
export class DatabaseUnavailableError extends Error {}

/** The URL as it may be logged: without its password. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(not a URL)";
  }
}

/**
 * One sentence for the start-up error: what is wrong with DATABASE_URL and how to fix it. PostgreSQL
 * reports SQLSTATE codes; Node reports network errors by errno code.
 */
export function describePostgresProblem(err: unknown, url: string): string {
  const e = err as { code?: string; message?: string };
  const where = describeTarget(url);
  if (!where) return "DATABASE_URL is not a valid URL: write it as postgres://user:password@host:5432/database";
  const { host, user, database } = where;
  switch (e.code) {
    case "ECONNREFUSED":
      return `DATABASE_URL: nothing accepts connections at ${host} (connection refused). Start PostgreSQL there, or correct the host and port in DATABASE_URL`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `DATABASE_URL: the host in ${host} is unknown. Correct the host name in DATABASE_URL`;
    case "ETIMEDOUT":
      return `DATABASE_URL: ${host} did not answer in time. Check that the server runs and that this machine may reach it`;
    case "28P01":
    case "28000":
      return `DATABASE_URL: PostgreSQL refused user "${user}" (${e.message}). Correct the user name and password in DATABASE_URL, or allow this host in pg_hba.conf`;
    case "3D000":
      return `DATABASE_URL: database "${database}" does not exist on ${host}. Create it (createdb ${database}) or name another in DATABASE_URL`;
    case "42501":
      return `DATABASE_URL: user "${user}" may not create the bot's tables in "${database}" (${e.message}). Grant it: GRANT CREATE ON SCHEMA public TO "${user}"`;
  }
  if (/timeout/i.test(e.message ?? "")) {
    return `DATABASE_URL: ${host} did not answer in time. Check that the server runs and that this machine may reach it`;
  }
  return `DATABASE_URL: PostgreSQL at ${host} could not be used: ${e.message ?? String(err)}`;
}

function describeTarget(url: string): { host: string; user: string; database: string } | undefined {
  try {
    const u = new URL(url);
    if (u.protocol !== "postgres:" && u.protocol !== "postgresql:") return undefined;
    return { host: `${u.hostname}:${u.port || "5432"}`, user: decodeURIComponent(u.username || "(none)"), database: decodeURIComponent(u.pathname.slice(1) || "(none)") };
  } catch {
    return undefined;
  }
}
