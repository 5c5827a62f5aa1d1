import { mkdir, writeFile } from "node:fs/promises";
import { cpus, platform, release } from "node:os";

/** Where the figures were taken: benchmark numbers mean little without it. */
export function machine() {
  const cores = cpus();
  return {
    cpu: cores[0]?.model.trim() ?? "unknown",
    cores: cores.length,
    node: process.version,
    os: `${platform()} ${release()}`,
  };
}

/** Writes `bench/results/<name>` (pretty JSON) and returns its path. */
export async function writeResults(name: string, value: unknown): Promise<string> {
  const folder = new URL("./results/", import.meta.url);
  await mkdir(folder, { recursive: true });
  const file = new URL(name, folder);
  await writeFile(file, `${formatJson(value)}\n`);
  return file.pathname;
}

/**
 * JSON laid out as Biome lays it out (objects expanded, a short list of numbers or strings on one line), so
 * that written results pass `biome check` and can be committed as they are.
 */
function formatJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /^(.*)\[\n([^[\]{}]*?)\n *\](,?)$/gm,
    (list, head: string, items: string, comma: string) => {
      const line = `${head}[${items.trim().split(/,\n */).join(", ")}]${comma}`;
      return line.length <= lineWidth ? line : list;
    },
  );
}

/** Biome's `formatter.lineWidth` for this repository. */
const lineWidth = 110;

/** Lays rows out as aligned text columns; the first row is the header. */
export function formatTable(rows: readonly (readonly string[])[], alignRight: readonly boolean[]): string {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) =>
        alignRight[column] ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join("  ");
  const [header, ...body] = rows;
  if (header === undefined) return "";
  return [line(header), widths.map((width) => "-".repeat(width)).join("  "), ...body.map(line)].join("\n");
}
