import { defineConfig } from 'drizzle-kit'

// Generates flat SQL migrations (0000_name.sql) that `wrangler d1 migrations apply` and the
// Vitest plugin's readD1Migrations() both read.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema/index.ts',
  out: './migrations',
})
