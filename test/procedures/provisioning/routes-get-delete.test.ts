import { beforeEach, describe, expect, it } from 'vitest'
import { expectProblem } from '../../support/json-api'
import { get, issueForTaro, remove, resetWithKeys } from '../../support/provisioning'
import { accountRow, initializedPasswordRows } from '../../support/rows'

beforeEach(resetWithKeys)

describe('GET and DELETE /api/v1/accounts/{loginId}', () => {
  it('reads an account (200) or answers 404', async () => {
    const response = await get('987654321')
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({
      loginId: '987654321',
      kind: 'organization',
      organizationName: 'Example Trading Co., Ltd.',
      contact: { phone: '+81312345678' },
      hasPassword: true,
    })
    const missing = await expectProblem(await get('100000009'), 404)
    expect(missing.type).toBe('/api/v1/problems/account-not-found')
  })

  it('closes an account and revokes its pending initialized password (204)', async () => {
    await issueForTaro()
    const response = await remove('123456789')
    expect(response.status).toBe(204)
    expect(await response.text()).toBe('')
    expect((await accountRow('123456789'))?.status).toBe('closed')
    const [row] = await initializedPasswordRows()
    expect(row?.revokedReason).toBe('account_closed')
    expect((await remove('123456789')).status).toBe(204)
    await expectProblem(await remove('100000009'), 404)
  })
})
