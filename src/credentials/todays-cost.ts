// Binding-free and WebAssembly-free, so the import command (Node) wraps hashes at the same cost.

/**
 * Today's cost for a password the holder chose: Argon2id at one of OWASP's minimum
 * configurations (19 MiB, 2 passes, 1 lane), measured under workerd at 25-33 ms of CPU (README,
 * "Password storage"). Lowering any of these makes every stored hash weaker; tests pin them.
 */
export const ARGON2ID_PARAMETERS = {
  memoryKiB: 19_456,
  passes: 2,
  parallelism: 1,
  hashBytes: 32,
} as const
export const ARGON2ID_SALT_BYTES = 16

/** Names the pepper a hash was made under (`k=` in the PHC string); a rotation would add 2. */
export const PEPPER_KEY_ID = 1
