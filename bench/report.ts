/** The figures of a benchmark section, their goals, and how they are printed and recorded. */

export interface Goal {
  /** `max`: the value must not exceed `target`; `min`: it must reach it. */
  kind: "max" | "min";
  target: number;
  /** As the issue states it, e.g. "≤ 1.05× bare openapi-fetch". */
  text: string;
}

export interface Figure {
  /** Stable key in latest.json, e.g. `client.get.vsOpenapiFetch`. */
  id: string;
  label: string;
  value: number;
  /** `x` (a ratio), `µs`, `ms`, `s`, `%`, `req/s`, `kB`, `count`. */
  unit: string;
  goal?: Goal;
}

/** What one section brings back: its figures, the raw numbers behind them, and how they were taken. */
export interface SectionResult {
  figures: Figure[];
  details: Record<string, unknown>;
  /** One line per point of method, printed under the table. */
  method: string[];
}

export interface Section {
  key: string;
  title: string;
  run(): Promise<SectionResult>;
}

export function meetsGoal(figure: Figure): boolean | null {
  if (!figure.goal) return null;
  return figure.goal.kind === "max" ? figure.value <= figure.goal.target : figure.value >= figure.goal.target;
}

export function formatValue(value: number, unit: string): string {
  switch (unit) {
    case "x":
      return `${value.toFixed(2)}x`;
    case "%":
      return `${value.toFixed(1)} %`;
    case "count":
      return String(value);
    case "req/s":
      return value < 100 ? `${value.toFixed(2)} req/s` : `${Math.round(value).toLocaleString("en-US")} req/s`;
    case "kB":
      return `${value.toFixed(2)} kB`;
    case "µs":
    case "ms":
      return `${value.toFixed(value < 10 ? 2 : 1)} ${unit}`;
    default:
      return `${value.toFixed(1)} ${unit}`;
  }
}

/** Rounds for the JSON record: enough digits to compare runs, no float noise. */
export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** The table `pnpm bench` prints: a header, a rule under it, then one line per row, columns aligned. */
export function formatTable(rows: readonly (readonly string[])[], rightAligned: readonly boolean[]): string {
  const widthOf = (column: number) => Math.max(0, ...rows.map((row) => row[column]?.length ?? 0));
  const widths = rightAligned.map((_, column) => widthOf(column));
  const cells = (row: readonly string[]) =>
    widths.map((width, column) => {
      const cell = row[column] ?? "";
      return rightAligned[column] ? cell.padStart(width) : cell.padEnd(width);
    });
  const [header = [], ...body] = rows;
  const rule = widths.map((width) => "-".repeat(width));
  return [header, rule, ...body].map((row) => (row === rule ? row : cells(row)).join("  ")).join("\n");
}
