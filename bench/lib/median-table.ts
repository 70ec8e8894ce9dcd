/**
 * Reads the medians table bench/lint.ts and bench/generate.ts print, for
 * run-all to save as JSON.
 */

/**
 * The first table whose header starts with "routes": one row per line of
 * numbers, keyed by the header's column titles (separated by two or more
 * spaces in the header); "–" (not measured) becomes null.
 */
export function parseMedianTable(output: string): Record<string, number | null>[] {
  const lines = output.split("\n");
  const start = lines.findIndex((line) => /^\s*routes\s/.test(line));
  if (start === -1) return [];
  const columns = lines[start]!.trim().split(/\s{2,}/);
  const rows: Record<string, number | null>[] = [];
  for (const line of lines.slice(start + 1)) {
    const cells = line.trim().split(/\s+/);
    if (cells.length !== columns.length || !/^[\d,]+$/.test(cells[0]!)) continue;
    const values = cells.map((cell) => (cell === "–" ? null : Number(cell.replaceAll(",", ""))));
    if (values.some((value) => value !== null && Number.isNaN(value))) continue;
    rows.push(Object.fromEntries(columns.map((column, i) => [column, values[i]!])));
  }
  return rows;
}
