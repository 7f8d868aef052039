/** Reading the data tables of steps. */

/** The value of column `name` in a row of `table.hashes()`; a table without that column fails the step. */
export function column(row: Readonly<Record<string, string>>, name: string): string {
  const value = row[name];
  if (value === undefined) throw new Error(`the table needs the column ${name}`);
  return value;
}
