import { SonarApiError } from './errors.js';

/** Runs a GET that may answer 404 for "not there": null then. */
export async function getOrNull<T>(run: () => Promise<T>): Promise<T | null> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof SonarApiError && err.status === 404) return null;
    throw err;
  }
}
