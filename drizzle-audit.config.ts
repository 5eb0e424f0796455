import { defineConfig } from 'drizzle-kit'

// The audit database (D1 binding `AUDIT_DB`): its own schema and migrations folder, applied with
// `wrangler d1 migrations apply AUDIT_DB` (docs/decisions/029-audit-database.md). Generate with
// `npx drizzle-kit generate --config drizzle-audit.config.ts --name <what>`.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema/audit-tables.ts',
  out: './migrations-audit',
})
