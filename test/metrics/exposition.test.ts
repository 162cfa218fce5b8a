import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { parsePrometheusText, sampleValue, sumOf } from "../support/prometheus-text.js";

/**
 * The tests' parser of the Prometheus text format (test/support/prometheus-text.ts), held against
 * prom-client: what a registry writes is read back as the registry holds it (names, types, help,
 * label values with quotes, backslashes and line feeds, histogram buckets), and what Prometheus
 * would refuse is refused, with the line.
 */

function registryWithEverything() {
  const registry = new Registry();
  const registers = [registry];
  const counter = new Counter({ name: "t_errors_total", help: 'Errors with "quotes" and a \\ backslash\nand a line feed.', labelNames: ["method", "code"], registers });
  counter.inc({ method: "chat.postMessage", code: "http_500" });
  counter.inc({ method: "chat.postMessage", code: "http_500" });
  counter.inc({ method: 'a "quoted" \\ value\nover two lines', code: "x" }, 3);
  const gauge = new Gauge({ name: "t_open", help: "Open.", labelNames: ["severity"], registers });
  gauge.set({ severity: "sev1" }, 0);
  gauge.set({ severity: "sev2" }, 2.5);
  const plain = new Gauge({ name: "t_lag_seconds", help: "Lag.", registers });
  plain.set(1e-7);
  const histogram = new Histogram({ name: "t_ack_seconds", help: "Ack.", labelNames: ["kind"], buckets: [0.01, 0.1, 1], registers });
  for (const v of [0.005, 0.05, 0.5, 5]) histogram.observe({ kind: "command" }, v);
  histogram.observe({ kind: "view_submission" }, 0.02);
  return registry;
}

describe("parsePrometheusText", () => {
  it("reads back what a prom-client registry holds, family by family and value by value", async () => {
    const registry = registryWithEverything();
    const parsed = parsePrometheusText(await registry.metrics());
    const json = await registry.getMetricsAsJSON();
    expect([...parsed.keys()]).toEqual(json.map((m) => m.name));
    for (const family of json) {
      const read = parsed.get(family.name)!;
      expect(read.type).toBe(family.type);
      expect(read.help).toBe(family.help);
      expect(read.samples).toHaveLength(family.values.length);
      for (const v of family.values) {
        const labels = Object.fromEntries(Object.entries(v.labels).map(([k, l]) => [k, String(l)]));
        // A histogram's values name their own sample (`_bucket`, `_sum`, `_count`); prom-client's types leave it out.
        const sample = (v as { metricName?: string }).metricName ?? family.name;
        expect(sampleValue(parsed, family.name, labels, sample), JSON.stringify(v)).toBe(v.value);
      }
    }
    expect(sampleValue(parsed, "t_errors_total", { method: 'a "quoted" \\ value\nover two lines', code: "x" })).toBe(3);
    expect(sumOf(parsed, "t_errors_total", { method: "chat.postMessage" })).toBe(2);
    expect(sampleValue(parsed, "t_ack_seconds", { kind: "command", le: "0.1" }, "t_ack_seconds_bucket")).toBe(2);
    expect(sampleValue(parsed, "t_ack_seconds", { kind: "command" }, "t_ack_seconds_count")).toBe(4);
    expect(sampleValue(parsed, "t_lag_seconds")).toBe(1e-7);
  });

  it.each([
    ["a bad metric name", "# TYPE 9lives gauge\n9lives 1\n", /bad metric name|must start with a metric name/],
    ["a bad label name", 'm{9x="a"} 1\n', /bad label name/],
    ["an unterminated label value", 'm{a="x} 1\n', /unterminated value of label a/],
    ["a bad escape", 'm{a="\\t"} 1\n', /bad escape/],
    ["a label given twice", 'm{a="1",a="2"} 1\n', /label a given twice/],
    ["a value that is not a number", "m one\n", /"one" is not a number/],
    ["no value", "m\n", /expected a value/],
    ["a bad timestamp", "m 1 soon\n", /bad timestamp/],
    ["an unknown type", "# TYPE m meter\nm 1\n", /unknown type "meter"/],
    ["a TYPE after the samples", "m 1\n# TYPE m gauge\n", /TYPE after its samples/],
    ["a TYPE given twice", "# TYPE m gauge\n# TYPE m gauge\nm 1\n", /TYPE given twice/],
    ["the same series twice", 'm{a="1"} 1\nm{a="1"} 2\n', /the same series twice/],
    ["a family split by another", "# TYPE m gauge\nm 1\n# TYPE n gauge\nn 1\nm 2\n", /must be together/],
    ["no line feed at the end", "m 1", /must end with a line feed/],
    ["buckets that go down", '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n', /fewer than the one before/],
    ["a histogram without +Inf", '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n', /no \+Inf bucket/],
    ["a _count other than the +Inf bucket", '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 1\n', /_count 1 differs/],
  ])("refuses %s", (_, text, problem) => {
    expect(() => parsePrometheusText(text)).toThrow(problem);
  });

  it("reads what Prometheus reads: comments, timestamps, infinities and NaN in any case, exponents", () => {
    const parsed = parsePrometheusText('# a comment\n# TYPE m gauge\nm{a="x"} +Inf 1700000000000\nm{a="y"} -1.5e3\nm{a="z"} Nan\n\n');
    expect(sampleValue(parsed, "m", { a: "x" })).toBe(Infinity);
    expect(sampleValue(parsed, "m", { a: "y" })).toBe(-1500);
    expect(sampleValue(parsed, "m", { a: "z" })).toBeNaN();
  });
});
