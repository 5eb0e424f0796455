/**
 * How many servers the browser tests' global setup starts: one for each Vitest worker of the
 * browser project (its `maxWorkers`), so that two files run at once, each against a server, a D1
 * and a log of its own (docs/testing.md#browser-tests). Plain data: read by vitest.config.ts.
 */
export const E2E_SERVERS = 2
