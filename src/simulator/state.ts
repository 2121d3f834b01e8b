/** The simulator's in-memory Sonar instance (placeholder: filled in by the simulator routes work). */
export class SimState {
  /** The whole state as plain JSON, for the admin endpoint and tests. */
  snapshot(): unknown {
    return {};
  }
}
