import { describe, expect, it } from 'vitest'
import { localDatabaseIds } from '../../scripts/support/local-database-ids'
import wranglerToml from '../../wrangler.toml?raw'

describe('the local databases the commands open (docs/decisions/035-commands-open-the-local-d1-once.md)', () => {
  it("are wrangler.toml's, by binding, under the IDs wrangler gives them", () => {
    expect(localDatabaseIds(wranglerToml)).toEqual({
      DB: '00000000-0000-0000-0000-000000000000',
      AUDIT_DB: '00000000-0000-0000-0000-000000000001',
    })
  })

  it('take preview_database_id first and the binding when no ID is given, as wrangler does', () => {
    const toml = [
      'name = "x"',
      '[vars]',
      'binding = "NOT_A_DATABASE"',
      '[[d1_databases]]',
      'binding = "A"',
      'database_id = "id-a"',
      "preview_database_id = 'preview-a'",
      '',
      '  [[d1_databases]]',
      '  binding = "B"',
      '  database_name = "b"',
      '[[kv_namespaces]]',
      'binding = "KV"',
      'id = "kv"',
    ].join('\n')
    expect(localDatabaseIds(toml)).toEqual({ A: 'preview-a', B: 'B' })
  })
})
