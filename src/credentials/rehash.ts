import { PBKDF2_ITERATIONS, parsePhc } from './hash'

/**
 * Whether a stored password hash that just verified has weaker parameters than a new hash would
 * get today (SPEC 5: older hashes are rehashed on their next successful use), e.g. an imported
 * `$pbkdf2-sha256$i=10000$…`. A string this module can not read is left alone: it never verifies.
 */
export function needsRehash(phc: string): boolean {
  const parsed = parsePhc(phc)
  return parsed !== null && parsed.iterations < PBKDF2_ITERATIONS
}
