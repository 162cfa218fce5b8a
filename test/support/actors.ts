import { managerRoles, type Actor } from "../../src/domain/permissions.js";
import type { Policy } from "../../src/domain/playbook/model.js";
import { fleetPolicy } from "./policy.js";

/**
 * Someone the playbook lets do everything (they hold its manager roles): for tests about what a
 * change does rather than who may make it. Permission tests build their actors by hand.
 */
export function manager(userId: string, policy: Policy = fleetPolicy): Actor {
  return { userId, roles: new Set(managerRoles(policy)), channels: new Set() };
}
