import { LOCALES } from '../locales'

/** The accepted `locale` values as an error message names them: "ja", "en", … */
export const LOCALE_LIST = LOCALES.map((locale) => `"${locale}"`).join(', ')
