import { describe, expect, it } from "vitest";
import { findMention, mentions } from "../../src/domain/phrase-match.js";

describe("phrase matching", () => {
  it.each([
    // word boundaries and spacing
    ["The app crashed at login", "crash", true],
    ["Breachwood Logistics called", "breach", false],
    ["production   down since 9", "production down", true],
    ["the customer can’t log in", "can't log in", true],
    // simple inflections
    ["Three invoices were doubled", "invoice", true],
    ["The map loads slowly on iPad", "load slowly", true],
    ["The app keeps crashing", "crash", true],
    ["We were charging twice", "charge", true],
    ["Two queries time out", "query", true],
    ["They cancelled the order", "cancel", true],
    ["2FA codes never arrive", "2fa", true],
    // negation before the phrase, within the clause
    ["This is not an outage", "outage", false],
    ["No data loss was seen", "data loss", false],
    ["The API is not down", "down", false],
    ["No crash, but the upload is broken", "broken", true],
    ["Not sure why. Production down since noon.", "production down", true],
    ["No login problems but the app crashes", "crash", true],
    // negation after the phrase
    ["A data breach has been ruled out", "data breach", false],
    ["Data loss: none", "data loss", false],
    ["Outage? No.", "outage", false],
    ["Security breach is unlikely", "security breach", false],
    ["Outage ongoing, engineers are not involved yet", "outage", true],
    // little words do not stretch the window; doubt undoes a negation; negations cancel out
    ["There is no evidence of a breach", "breach", false],
    ["Not sure if this is a breach", "breach", true],
    ["We don't know whether data loss happened", "data loss", true],
    ["A breach is not ruled out", "breach", true],
    ["A breach cannot be excluded at this point", "breach", true],
    ["They say they won't churn", "churn", false],
    // a negation inside an if-clause is the condition's: the threat after it stands
    ["If this isn't fixed today they'll cancel", "they'll cancel", true],
    ["If the export is not working by Friday they will cancel their plan", "cancel their plan", true],
    ["If it's not an outage, what is it?", "outage", false],
    ["They won't cancel if it is fixed", "cancel", false],
  ])("%j mentions %j: %s", (text, phrase, expected) => {
    expect(mentions(text, phrase)).toBe(expected);
  });

  it("ignores a mention inside one of the unless phrases, but not another mention of the same word", () => {
    const unless = ["breach the sla", "sla breach"];
    expect(mentions("We are about to breach the SLA on this ticket", "breach", unless)).toBe(false);
    expect(mentions("SLA breaches are coming for three tickets", "breach", unless)).toBe(false);
    expect(mentions("We may breach the SLA, and there was a breach of customer data", "breach", unless)).toBe(true);
  });

  it("says which phrase matched, where, and in the agent's words", () => {
    expect(findMention("The invoices are wrong", ["refund", "invoice"])).toEqual({ phrase: "invoice", index: 4, found: "invoices" });
    expect(findMention("nothing to see", ["refund"])).toBeUndefined();
  });
});
