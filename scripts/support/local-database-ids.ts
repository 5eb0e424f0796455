// Which SQLite files `wrangler d1 execute --local` opens: scripts/support/d1.ts opens the same.

/**
 * The ID wrangler gives a binding's local database: `preview_database_id`, else `database_id`,
 * else the binding's name (wrangler's `executeLocally`). Only `[[d1_databases]]` tables are read.
 */
export function localDatabaseIds(wranglerToml: string): Record<string, string> {
  const ids: Record<string, string> = {}
  const tables = wranglerToml
    .split(/^\s*\[/m)
    .filter((table) => table.startsWith('[d1_databases]]'))
  for (const table of tables) {
    const value = (key: string) =>
      new RegExp(`^\\s*${key}\\s*=\\s*["']([^"']*)["']`, 'm').exec(table)?.[1]
    const binding = value('binding')
    if (binding) ids[binding] = value('preview_database_id') ?? value('database_id') ?? binding
  }
  return ids
}
