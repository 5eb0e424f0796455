import { env } from 'cloudflare:workers'
import { expect, it } from 'vitest'

it('has the migrated tables in the local D1', async () => {
  const { results } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'accounts'",
  ).all()
  expect(results).toHaveLength(1)
})
