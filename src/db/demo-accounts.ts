// Self-contained on purpose: the seed script imports this file with Node's type stripping.

export type DemoAccount = {
  loginId: string
  kind: 'individual' | 'organization'
  status: 'active' | 'locked' | 'closed'
  locale: 'ja' | 'en'
  organizationName: string | null
  contactGivenName: string
  contactFamilyName: string
  /** E.164 */
  contactPhone: string
  contactEmail: string
}

/** The current password of every demo account, as docs/contract.md#accounts publishes it. */
export const DEMO_PASSWORD = 'Current-Pa55word!'

/** hashPassword(DEMO_PASSWORD) at 100,000 iterations, computed once and pinned. */
export const DEMO_PASSWORD_HASH =
  '$pbkdf2-sha256$i=100000$p00HuhV1JQE89m+Ra1Gk/g$JhuY8lhE3xVOjfdGKtZ7rPMSo7nOZjdvotssE5hM4vA'

export const DEMO_ACCOUNTS: ReadonlyArray<DemoAccount> = [
  {
    loginId: '123456789',
    kind: 'individual',
    status: 'active',
    locale: 'ja',
    organizationName: null,
    contactGivenName: 'Taro',
    contactFamilyName: 'Koku',
    contactPhone: '+819012345678',
    contactEmail: 'taro.koku@example.com',
  },
  {
    loginId: '987654321',
    kind: 'organization',
    status: 'active',
    locale: 'ja',
    organizationName: 'Example Trading Co., Ltd.',
    contactGivenName: 'Hanako',
    contactFamilyName: 'Sora',
    contactPhone: '+81312345678',
    contactEmail: 'it-admin@example.co.jp',
  },
  {
    loginId: '987654322',
    kind: 'organization',
    status: 'active',
    locale: 'ja',
    organizationName: 'Example Logistics Co., Ltd.',
    contactGivenName: 'Hanako',
    contactFamilyName: 'Sora',
    contactPhone: '+81312345678',
    contactEmail: 'it-admin@example.co.jp',
  },
  {
    loginId: '555000111',
    kind: 'individual',
    status: 'active',
    locale: 'en',
    organizationName: null,
    contactGivenName: 'Jane',
    contactFamilyName: 'Doe',
    contactPhone: '+14155550123',
    contactEmail: 'jane.doe@example.org',
  },
  {
    loginId: '321654987',
    kind: 'individual',
    status: 'active',
    locale: 'ja',
    organizationName: null,
    contactGivenName: '太郎',
    contactFamilyName: '国',
    contactPhone: '+818098765432',
    contactEmail: 'kuni@example.jp',
  },
  {
    loginId: '444000222',
    kind: 'individual',
    status: 'locked',
    locale: 'ja',
    organizationName: null,
    contactGivenName: 'Ken',
    contactFamilyName: 'Yama',
    contactPhone: '+819011112222',
    contactEmail: 'ken.yama@example.net',
  },
]
