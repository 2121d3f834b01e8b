import type { Route, SimResponse } from '../../src/simulator/router.js';
import { allRoutes } from '../../src/simulator/routes/index.js';

/** Request bodies the simulator received, by `METHOD pattern` (e.g. `POST /accounts`). */
export type RecordedBodies = Map<string, Array<Record<string, unknown>>>;

/**
 * Every route of the simulator, each also recording the bodies it received, so a test can check
 * what went over the wire; `answer` may rewrite an answer (Sonar answering in another documented way).
 */
export function recordingRoutes(
  bodies: RecordedBodies,
  answer?: (key: string, response: SimResponse) => SimResponse,
): Route[] {
  return allRoutes.map((r) => ({
    ...r,
    handler: (req, state) => {
      const key = `${r.method} ${r.pattern}`;
      bodies.set(key, [...(bodies.get(key) ?? []), (req.body ?? {}) as Record<string, unknown>]);
      const response = r.handler(req, state);
      return answer ? answer(key, response) : response;
    },
  }));
}
