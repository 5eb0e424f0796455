// The traffic view's counts as Workers Analytics Engine data points (docs/operations.md#traffic-view):
// one per audited outcome and per refusal. Blobs: procedure, outcome, country (empty when
// unknown); index: the procedure; double: 1. Never a login ID, a client hash or an address.

export interface TrafficPoint {
  procedure: string
  outcome: string
  country: string | null
}

/** Writes the points; without the binding, or if it throws, the request is not affected. */
export function writeTrafficPoints(
  dataset: AnalyticsEngineDataset | undefined,
  points: readonly TrafficPoint[],
): void {
  if (dataset === undefined) return
  for (const { procedure, outcome, country } of points) {
    try {
      dataset.writeDataPoint({
        indexes: [procedure],
        blobs: [procedure, outcome, country ?? ''],
        doubles: [1],
      })
    } catch {
      // Analytics are best effort: the audit trail in D1 is the record.
    }
  }
}
