import type { Db } from "../db/database.js";
import { EscalationRepo } from "../db/escalation-repo.js";
import { normaliseCustomer } from "../domain/customer-name.js";

const BATCH = 500;

/**
 * Escalations written before customer keys were kept get theirs, so a customer's earlier
 * escalations count toward a repeat from the first start of this version on. Batches of their own
 * transactions; once every row has a key it is one indexed look-up that finds nothing. Returns how
 * many were filled.
 */
export async function fillCustomerKeys(db: Db): Promise<number> {
  let filled = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const repo = new EscalationRepo(tx);
      const rows = await repo.withoutCustomerKey(BATCH);
      for (const row of rows) await repo.update(row.id, { customerKey: normaliseCustomer(row.customer) });
      return rows.length;
    });
    filled += n;
    if (n < BATCH) return filled;
  }
}
