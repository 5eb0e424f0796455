/** One open object or array while scanning: the keys seen so far (objects) and where we are. */
interface Frame {
  /** null for an array. */
  keys: Set<string> | null
  /** The current key (object) or index (array), for the path of a repeated key. */
  at: string
  index: number
}

const QUOTE = 0x22
const BACKSLASH = 0x5c

/**
 * The dotted path (as field errors name fields, e.g. `phone.country`, `items.0.id`) of the first
 * key that appears twice in one object of `json`, or undefined. `JSON.parse` keeps the last value
 * of a repeated key silently; two parsers that disagree on which one wins is how a check on one
 * value and a use of the other come apart. Call it on text `JSON.parse` accepted: one pass, no
 * token allocated except a key with escapes (`"\u0061"` and `"a"` are the same key).
 *
 * @example
 * firstDuplicateKey('{"phone":{"country":"JP","country":"US"}}') // 'phone.country'
 */
export function firstDuplicateKey(json: string): string | undefined {
  const stack: Frame[] = []
  let expectKey = false
  for (let i = 0; i < json.length; i++) {
    const char = json.charCodeAt(i)
    if (char === QUOTE) {
      const start = i + 1
      let escaped = false
      i = start
      for (; i < json.length; i++) {
        const c = json.charCodeAt(i)
        if (c === BACKSLASH) {
          escaped = true
          i++
        } else if (c === QUOTE) break
      }
      const frame = stack[stack.length - 1]
      if (expectKey && frame?.keys) {
        const key = escaped
          ? (JSON.parse(json.slice(start - 1, i + 1)) as string)
          : json.slice(start, i)
        if (frame.keys.has(key)) return [...stack.slice(0, -1).map((f) => f.at), key].join('.')
        frame.keys.add(key)
        frame.at = key
        expectKey = false
      }
      continue
    }
    switch (char) {
      case 0x7b: // {
        stack.push({ keys: new Set(), at: '', index: 0 })
        expectKey = true
        break
      case 0x5b: // [
        stack.push({ keys: null, at: '0', index: 0 })
        break
      case 0x7d: // }
      case 0x5d: // ]
        stack.pop()
        expectKey = false
        break
      case 0x2c: {
        // ,
        const frame = stack[stack.length - 1]
        if (frame?.keys) expectKey = true
        else if (frame) frame.at = String(++frame.index)
        break
      }
    }
  }
  return undefined
}
