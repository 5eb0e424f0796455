/**
 * Context words (ASVS 6.2.11): words a guesser of this account's password would try first.
 * Each is compared after NFKC and in lower case, and only when it has 4 or more characters:
 * - the service name and each of its words ("Example Account Service": also "example", "account",
 *   "service");
 * - the login ID;
 * - the given name and the family name, whole and each of their words;
 * - the e-mail address's local part, whole and each of its parts between `.`, `_`, `-` and `+`
 *   ("taro.koku+shop@example.com": "taro.koku+shop", "taro", "koku", "shop").
 */
export type PasswordContext = {
  serviceName?: string
  loginId?: string
  givenName?: string
  familyName?: string
  email?: string
}

export type ContextWordSource = keyof PasswordContext

export type ContextWord = { source: ContextWordSource; word: string }

export const MIN_CONTEXT_WORD_LENGTH = 4

const normalize = (value: string) => value.normalize('NFKC').toLowerCase()

/** The value whole and each of its parts between the separators, normalized. */
const wholeAndParts = (value: string, separators: RegExp) => [
  normalize(value).trim(),
  ...normalize(value).split(separators),
]

function contextWords(context: PasswordContext): ContextWord[] {
  const { serviceName, loginId, givenName, familyName, email } = context
  const words: ContextWord[] = []
  const add = (source: ContextWordSource, candidates: string[]) => {
    for (const word of candidates) {
      if ([...word].length < MIN_CONTEXT_WORD_LENGTH) continue
      if (words.some((known) => known.word === word)) continue
      words.push({ source, word })
    }
  }
  const nonWord = /[^\p{L}\p{N}]+/u
  if (serviceName !== undefined) add('serviceName', wholeAndParts(serviceName, nonWord))
  if (loginId !== undefined) add('loginId', [normalize(loginId).trim()])
  if (givenName !== undefined) add('givenName', wholeAndParts(givenName, nonWord))
  if (familyName !== undefined) add('familyName', wholeAndParts(familyName, nonWord))
  if (email !== undefined) {
    const at = email.lastIndexOf('@')
    const localPart = at === -1 ? email : email.slice(0, at)
    add('email', wholeAndParts(localPart, /[._+-]+/))
  }
  return words
}

/**
 * The context words of 4+ characters that occur inside the new password, ignoring case; empty
 * when none does. Each word appears once, with the first field it came from.
 *
 * @example
 * contextWordsIn('KokuTaro-harbour-lamp', { givenName: 'Taro', familyName: 'Koku' })
 * // [{ source: 'givenName', word: 'taro' }, { source: 'familyName', word: 'koku' }]
 */
export function contextWordsIn(newPassword: string, context: PasswordContext): ContextWord[] {
  const password = normalize(newPassword)
  return contextWords(context).filter(({ word }) => password.includes(word))
}
