// Lets the command-line scripts import the Worker's modules (src/), whose imports leave out the
// `.ts` extension as bundlers allow: Node's own resolution needs it. `node --import` this file.
import { registerHooks } from 'node:module'

const HAS_EXTENSION = /\.[cm]?[jt]sx?$|\.json$/

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context)
    } catch (error) {
      if (!specifier.startsWith('.') || HAS_EXTENSION.test(specifier)) throw error
      for (const candidate of [`${specifier}.ts`, `${specifier}.tsx`, `${specifier}/index.ts`]) {
        try {
          return nextResolve(candidate, context)
        } catch {}
      }
      throw error
    }
  },
})
