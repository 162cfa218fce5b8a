/** Every metric of the app starts with this, so its series are found (and told apart) by name. */
export const METRIC_PREFIX = "escalation_bot_";
