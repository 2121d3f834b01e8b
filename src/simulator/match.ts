import type { Route, SimMethod } from './router.js';

/** A route with its pattern split into segments, ready to match paths. */
export interface CompiledRoute {
  route: Route;
  segments: string[];
}

/** A found route and the values of its `:name` segments. */
export interface MatchedRoute {
  kind: 'found';
  route: Route;
  params: Record<string, string>;
}

/** The outcome of routing one request. */
export type RouteMatch = MatchedRoute | { kind: 'method'; allow: SimMethod[] } | { kind: 'none' };

/** Splits patterns once; literal segments win over `:name` ones (`/accounts/search` before `/accounts/:id`). */
export function compileRoutes(routes: Route[]): CompiledRoute[] {
  const compiled = routes.map((route) => ({ route, segments: splitPath(route.pattern) }));
  return compiled.sort((a, b) => specificity(b.segments) - specificity(a.segments));
}

/** Finds the route for METHOD + path (path relative to /api/v1). */
export function matchRoute(routes: CompiledRoute[], method: SimMethod, path: string): RouteMatch {
  const parts = splitPath(path);
  const allow: SimMethod[] = [];
  for (const compiled of routes) {
    const params = matchSegments(compiled.segments, parts);
    if (!params) continue;
    if (compiled.route.method === method) return { kind: 'found', route: compiled.route, params };
    if (!allow.includes(compiled.route.method)) allow.push(compiled.route.method);
  }
  return allow.length > 0 ? { kind: 'method', allow } : { kind: 'none' };
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function specificity(segments: string[]): number {
  // Earlier literal segments weigh more, so the most literal prefix wins.
  return segments.reduce((sum, s, i) => sum + (s.startsWith(':') ? 0 : 2 ** (16 - Math.min(i, 16))), 0);
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i += 1) {
    const p = pattern[i] as string;
    const part = parts[i] as string;
    if (p.startsWith(':')) {
      try {
        params[p.slice(1)] = decodeURIComponent(part);
      } catch {
        return undefined;
      }
    } else if (p !== part) return undefined;
  }
  return params;
}
