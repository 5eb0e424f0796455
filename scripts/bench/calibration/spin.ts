/**
 * The calibration's known amount of CPU: `n` xorshift steps on a 32-bit integer, the same code in
 * the calibration Worker and in Node, which times it (`npm run bench -- calibrate`). The result is
 * returned so that the loop cannot be optimized away.
 */
export function spin(n: number): number {
  let x = 88172645 // within 31 bits: the loop stays in small integers, one kind of code in every tier
  for (let i = 0; i < n; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
  }
  return x
}
