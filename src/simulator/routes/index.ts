import type { Route } from '../router.js';

/** Every route the simulator serves (placeholder: filled in by the simulator routes work). */
export const allRoutes: Route[] = [];
