import { DEFAULT_POLICY_FILE, loadPolicyFile } from "../../src/policy/loader.js";

/** The default playbook (Fleet Management), as the bot runs it. */
export const fleetPolicy = loadPolicyFile(DEFAULT_POLICY_FILE);
