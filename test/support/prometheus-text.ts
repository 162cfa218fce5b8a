/**
 * A strict parser of the Prometheus text exposition format (version 0.0.4), for tests: prom-client
 * writes the format but has no parser of its own. It refuses what a Prometheus server would refuse
 * (a bad metric or label name, an unterminated or badly escaped label value, a value that is not a
 * number, a duplicate series, a TYPE after its samples or given twice, a family split in two) and
 * checks what the format promises of histograms (cumulative buckets, a +Inf bucket equal to
 * `_count`, a `_sum`). Every error names its line.
 *
 * Spec: https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
 */

export type MetricType = "counter" | "gauge" | "histogram" | "summary" | "untyped";

export interface Sample {
  /** The sample's own name: a histogram's are `<family>_bucket`, `<family>_sum`, `<family>_count`. */
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface MetricFamily {
  name: string;
  help?: string;
  type: MetricType;
  samples: Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set<string>(["counter", "gauge", "histogram", "summary", "untyped"]);
/** What a sample's name may add to its family's name, by type. */
const SUFFIXES: Record<MetricType, readonly string[]> = {
  counter: [""],
  gauge: [""],
  untyped: [""],
  histogram: ["_bucket", "_sum", "_count"],
  summary: ["", "_sum", "_count"],
};

export class ExpositionError extends Error {
  constructor(line: number, problem: string) {
    super(`line ${line}: ${problem}`);
  }
}

/** The families of an exposition, by name, in the order they appear. */
export function parsePrometheusText(text: string): Map<string, MetricFamily> {
  if (text.length > 0 && !text.endsWith("\n")) throw new ExpositionError(text.split("\n").length, "the exposition must end with a line feed");
  const families = new Map<string, MetricFamily>();
  const closed = new Set<string>();
  const seenSeries = new Set<string>();
  const typed = new Set<string>();
  let current: MetricFamily | undefined;
  const lines = text.split("\n");
  lines.pop();

  const familyFor = (name: string, lineNo: number): MetricFamily => {
    const existing = families.get(name);
    if (existing) {
      if (existing !== current || closed.has(name)) throw new ExpositionError(lineNo, `${name}: its lines must be together, not split by another family`);
      return existing;
    }
    if (current) closed.add(current.name);
    const family: MetricFamily = { name, type: "untyped", samples: [] };
    families.set(name, family);
    current = family;
    return family;
  };

  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const line = raw.trim();
    if (line === "") return;
    if (line.startsWith("#")) {
      const m = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s(.*))?$/.exec(line);
      if (!m) return; // any other comment
      const [, keyword, name, rest = ""] = m as unknown as [string, "HELP" | "TYPE", string, string | undefined];
      if (!METRIC_NAME.test(name)) throw new ExpositionError(lineNo, `bad metric name ${JSON.stringify(name)}`);
      const family = familyFor(name, lineNo);
      if (keyword === "HELP") {
        if (family.help !== undefined) throw new ExpositionError(lineNo, `${name}: HELP given twice`);
        family.help = unescapeHelp(rest, lineNo);
      } else {
        const type = rest.trim();
        if (!TYPES.has(type)) throw new ExpositionError(lineNo, `${name}: unknown type ${JSON.stringify(type)}`);
        if (family.samples.length > 0) throw new ExpositionError(lineNo, `${name}: TYPE after its samples`);
        if (typed.has(name)) throw new ExpositionError(lineNo, `${name}: TYPE given twice`);
        typed.add(name);
        family.type = type as MetricType;
      }
      return;
    }
    const sample = parseSample(line, lineNo);
    const family = familyOfSample(sample.name, current, families);
    if (!family) familyFor(sample.name, lineNo).samples.push(sample);
    else {
      if (family !== current) throw new ExpositionError(lineNo, `${sample.name}: its lines must be together, not split by another family`);
      family.samples.push(sample);
    }
    const series = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (seenSeries.has(series)) throw new ExpositionError(lineNo, `${sample.name}: the same series twice`);
    seenSeries.add(series);
  });

  for (const family of families.values()) if (family.type === "histogram") checkHistogram(family);
  return families;
}

/** The family a sample belongs to: the current one when its name is the family's plus an allowed suffix. */
function familyOfSample(name: string, current: MetricFamily | undefined, families: Map<string, MetricFamily>): MetricFamily | undefined {
  const candidates = current ? [current, ...families.values()] : [...families.values()];
  return candidates.find((f) => SUFFIXES[f.type].some((suffix) => f.name + suffix === name));
}

function parseSample(line: string, lineNo: number): Sample {
  const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
  if (!nameMatch) throw new ExpositionError(lineNo, `a sample must start with a metric name: ${JSON.stringify(line)}`);
  const name = nameMatch[0];
  let pos = name.length;
  const labels: Record<string, string> = {};
  if (line[pos] === "{") {
    pos++;
    for (;;) {
      while (line[pos] === " ") pos++;
      if (line[pos] === "}") {
        pos++;
        break;
      }
      const labelMatch = /^[^=\s]+/.exec(line.slice(pos));
      const label = labelMatch?.[0] ?? "";
      if (!LABEL_NAME.test(label)) throw new ExpositionError(lineNo, `${name}: bad label name ${JSON.stringify(label)}`);
      if (label in labels) throw new ExpositionError(lineNo, `${name}: label ${label} given twice`);
      pos += label.length;
      if (line[pos] !== "=" || line[pos + 1] !== '"') throw new ExpositionError(lineNo, `${name}: label ${label} must be followed by ="value"`);
      pos += 2;
      let value = "";
      for (;;) {
        const c = line[pos];
        if (c === undefined) throw new ExpositionError(lineNo, `${name}: unterminated value of label ${label}`);
        pos++;
        if (c === '"') break;
        if (c === "\\") {
          const e = line[pos++];
          if (e === "\\") value += "\\";
          else if (e === '"') value += '"';
          else if (e === "n") value += "\n";
          else throw new ExpositionError(lineNo, `${name}: bad escape \\${e ?? ""} in label ${label}`);
        } else value += c;
      }
      labels[label] = value;
      while (line[pos] === " ") pos++;
      if (line[pos] === ",") pos++;
      else if (line[pos] !== "}") throw new ExpositionError(lineNo, `${name}: expected , or } after label ${label}`);
    }
  }
  const rest = line.slice(pos);
  const parts = rest.trim().split(/\s+/);
  if (!/^\s/.test(rest) || parts.length < 1 || parts.length > 2) throw new ExpositionError(lineNo, `${name}: expected a value (and an optional timestamp) after the name and labels`);
  const value = parseValue(parts[0]!, lineNo, name);
  if (parts[1] !== undefined && !/^-?\d+$/.test(parts[1])) throw new ExpositionError(lineNo, `${name}: bad timestamp ${JSON.stringify(parts[1])}`);
  return { name, labels, value };
}

function parseValue(text: string, lineNo: number, name: string): number {
  // As Prometheus reads values (Go's ParseFloat): infinities and NaN in any case; prom-client writes "Nan".
  if (/^\+?inf(inity)?$/i.test(text)) return Infinity;
  if (/^-inf(inity)?$/i.test(text)) return -Infinity;
  if (/^nan$/i.test(text)) return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new ExpositionError(lineNo, `${name}: ${JSON.stringify(text)} is not a number`);
  return Number(text);
}

function unescapeHelp(text: string, lineNo: number): string {
  return text.replace(/\\(.?)/g, (_, e: string) => {
    if (e === "\\") return "\\";
    if (e === "n") return "\n";
    throw new ExpositionError(lineNo, `bad escape \\${e} in HELP`);
  });
}

/** Per series (labels without `le`): buckets cumulative and ending at +Inf, which equals _count; a _sum. */
function checkHistogram(family: MetricFamily): void {
  const bySeries = new Map<string, { buckets: [number, number][]; sum?: number; count?: number }>();
  for (const s of family.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const series = bySeries.get(key) ?? { buckets: [] };
    bySeries.set(key, series);
    if (s.name.endsWith("_bucket")) {
      if (le === undefined) throw new Error(`${family.name}: a bucket without le`);
      series.buckets.push([parseValue(le, 0, family.name), s.value]);
    } else if (s.name.endsWith("_sum")) series.sum = s.value;
    else series.count = s.value;
  }
  for (const [key, series] of bySeries) {
    const sorted = [...series.buckets].sort((a, b) => a[0] - b[0]);
    sorted.forEach(([le, n], i) => {
      if (i > 0 && n < sorted[i - 1]![1]) throw new Error(`${family.name}${key}: bucket le=${le} holds fewer than the one before`);
    });
    const last = sorted[sorted.length - 1];
    if (!last || last[0] !== Infinity) throw new Error(`${family.name}${key}: no +Inf bucket`);
    if (series.count !== last[1]) throw new Error(`${family.name}${key}: _count ${series.count} differs from the +Inf bucket ${last[1]}`);
    if (series.sum === undefined) throw new Error(`${family.name}${key}: no _sum`);
  }
}

/**
 * The value of one sample of a family, found by its labels (all of them, exactly); undefined when
 * there is no such series. `sample` names a histogram's `_count`, `_sum` or `_bucket`.
 */
export function sampleValue(families: Map<string, MetricFamily>, family: string, labels: Record<string, string> = {}, sample = family): number | undefined {
  const f = families.get(family);
  if (!f) return undefined;
  const want = JSON.stringify(Object.entries(labels).sort());
  return f.samples.find((s) => s.name === sample && JSON.stringify(Object.entries(s.labels).sort()) === want)?.value;
}

/** The sum of a family's samples whose labels include `match` (a PromQL `sum(family{match})`). */
export function sumOf(families: Map<string, MetricFamily>, family: string, match: Record<string, string> = {}, sample = family): number {
  const f = families.get(family);
  if (!f) throw new Error(`no metric family ${family}`);
  return f.samples.filter((s) => s.name === sample && Object.entries(match).every(([k, v]) => s.labels[k] === v)).reduce((n, s) => n + s.value, 0);
}
