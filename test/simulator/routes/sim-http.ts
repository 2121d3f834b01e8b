import type { ReferenceData } from '../../../src/simulator/reference.js';
import { type RunningSimulator, startSimulator } from '../../../src/simulator/server.js';
import { SimState } from '../../../src/simulator/state.js';
import type { SonarVersion } from '../../../src/simulator/versions.js';

// Shared by the route tests: a simulator over real HTTP and a terse way to call it.

const auth = `Basic ${Buffer.from('admin:sonar').toString('base64')}`;

/** A Sonar answer: status plus the parsed JSON body. */
export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON paths
  body: any;
}

/**
 * Starts a simulator with today pinned to 2024-03-10 so bill dates are predictable, answering in
 * `sonarVersion` (default newest).
 */
export async function startTestSim(
  reference?: ReferenceData,
  sonarVersion?: SonarVersion,
): Promise<RunningSimulator> {
  const state = new SimState(reference);
  state.today = () => '2024-03-10';
  return startSimulator({ port: 0, state, sonarVersion });
}

/** Calls the simulator's API with Basic auth and a JSON body. */
export async function call(
  sim: RunningSimulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer> {
  const res = await fetch(`${sim.apiUrl}${path}`, {
    method,
    headers: { authorization: auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** A valid POST /accounts body (the doc's fields), with overrides. */
export function accountBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Simon Westlake',
    account_type_id: 1,
    account_status_id: 1,
    line1: '555 Packers Ln',
    city: 'Green Bay',
    state: 'Wisconsin',
    county: 'Brown Co.',
    zip: '54304',
    country: 'US',
    latitude: 44.5,
    longitude: -88.06,
    contact_name: 'Simon Westlake',
    role: 'Owner',
    email_address: 'simon@example.com',
    phone_numbers: { work: { number: '1231231234', extension: 123 } },
    email_message_categories: [2, 3],
    ...overrides,
  };
}

/** Creates an account and returns its id. */
export async function createAccount(
  sim: RunningSimulator,
  overrides: Record<string, unknown> = {},
): Promise<number> {
  const answer = await call(sim, 'POST', '/accounts', accountBody(overrides));
  if (answer.status !== 201) throw new Error(`account create failed: ${JSON.stringify(answer.body)}`);
  return answer.body.data.id as number;
}
