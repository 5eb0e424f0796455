// A client session on a Worker's inspector under `wrangler dev` (`--inspector-port P`), for the
// benchmarks that turn the console relay off (docs/decisions/037-the-relay-off-in-the-isolate-figure.md).
// Wrangler's inspector proxy puts every client on its own single session with the Worker's
// isolate, the one on which it enabled the Runtime domain.

export interface InspectorSession {
  /** Sends a method and resolves with its answer (rejects after 5 s without one). */
  call(method: string): Promise<void>
  /** Console calls relayed to this session since it opened or since the last `resetConsole()`. */
  readonly consoleCalls: number
  resetConsole(): void
  close(): void
}

export async function openInspector(port: number): Promise<InspectorSession> {
  const list = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as Array<{
    webSocketDebuggerUrl: string
  }>
  const url = list[0]?.webSocketDebuggerUrl
  if (!url) throw new Error(`inspector ${port}: no target`)
  // Node's WebSocket (undici) takes headers: wrangler's proxy wants an allowed Origin.
  const ws = new WebSocket(url, { headers: { origin: 'http://127.0.0.1' } } as unknown as string[])
  let consoleCalls = 0
  let next = 1
  const answers = new Map<number, () => void>()
  ws.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; method?: string }
    if (message.method === 'Runtime.consoleAPICalled') consoleCalls++
    if (message.id !== undefined) answers.get(message.id)?.()
  })
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve)
    ws.addEventListener('error', () => reject(new Error(`inspector ${port}: no WebSocket`)))
  })
  return {
    call: (method) =>
      new Promise<void>((resolve, reject) => {
        const id = next++
        const timer = setTimeout(
          () => reject(new Error(`inspector ${port}: ${method} unanswered`)),
          5_000,
        )
        answers.set(id, () => {
          clearTimeout(timer)
          resolve()
        })
        ws.send(JSON.stringify({ id, method }))
      }),
    get consoleCalls() {
      return consoleCalls
    },
    resetConsole() {
      consoleCalls = 0
    },
    close: () => ws.close(),
  }
}
