// Vitest's order (failed first, then the longest it remembers, else the largest files), with the
// files of test/setup/slow-files.ts moved to the front of their project (docs/testing.md).
import { relative } from 'node:path'
import { BaseSequencer, type TestSpecification } from 'vitest/node'
import { SLOW_FILES } from './slow-files.ts'

export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files)
    const rank = (spec: TestSpecification) => {
      const at = SLOW_FILES.indexOf(relative(spec.project.config.root, spec.moduleId))
      return at === -1 ? SLOW_FILES.length : at
    }
    // Projects stay in Vitest's order; within each, the slow files first (a stable sort).
    const projects = [...new Set(sorted.map((spec) => spec.project.name))]
    return projects.flatMap((name) =>
      sorted.filter((spec) => spec.project.name === name).sort((a, b) => rank(a) - rank(b)),
    )
  }
}
