/**
 * Test files that load the Worker afresh with their own module mocks (`vi.mock` and
 * `vi.resetModules()`). They run in the `workers-fresh` Vitest project, one workerd each, so
 * their mocked modules never reach another file; every other test/ file shares one workerd and
 * its loaded modules (`workers` project; see docs/testing.md). test/layout.test.ts checks that
 * this list names exactly the files that mock modules. Plain data: read by vitest.config.ts in
 * Node and by that test in workerd.
 */
export const FRESH_MODULE_FILES: readonly string[] = [
  'test/openapi/startup.test.ts',
  'test/worker/startup.test.ts',
]
