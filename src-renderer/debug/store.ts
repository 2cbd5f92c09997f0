// A minimal observable state container: immutable snapshots, named actions replace them, React reads them
// through useSyncExternalStore (see ../workbench/useStore.ts). Deliberately DOM-free so models test in Node.

export type Listener = () => void

export class Store<S> {
  private state: S
  private readonly listeners = new Set<Listener>()

  constructor(initial: S) {
    this.state = initial
  }

  get = (): S => this.state

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Replaces the snapshot; listeners run only when something changed. */
  update(change: (s: S) => S): void {
    const next = change(this.state)
    if (next === this.state) return
    this.state = next
    for (const l of [...this.listeners]) l()
  }
}

/** A typed event: a list of listeners, for things that are not state (program output, frame selection). */
export class Emitter<T> {
  private readonly listeners = new Set<(value: T) => void>()

  on(listener: (value: T) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  fire(value: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(value)
      } catch (err) {
        console.error('listener failed', err)
      }
    }
  }
}
