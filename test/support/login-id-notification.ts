import { HANAKO_CONTACT } from './fixtures'

// What the tests of the login ID notification share: its contacts and the personal data no row may hold.

export const T0 = Date.UTC(2026, 10, 30, 0, 0, 0)

export type ContactForm = Record<string, string | string[]>

/** Hanako's contact with the phone typed in international form, as people also do. */
export const HANAKO_INTERNATIONAL = { ...HANAKO_CONTACT, phoneNumber: '+81 3-1234-5678' }

/** Fragments of every demo contact that must never land in a table. */
export const PERSONAL_DATA = [
  '@',
  'taro',
  'koku',
  '9012345678',
  'hanako',
  'sora',
  '312345678',
  'jane',
  '4155550123',
  'ken',
  'yama',
  '9011112222',
]
