#!/usr/bin/env node
// Rewrites the error-code table in README.md from src/errors/codes.ts (through dist/, built by
// `npm run build`). test/docs/readme.test.ts fails when the README's table drifts from the code.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderErrorCodeTable, replaceErrorCodeBlock } from '../dist/errors/readme-table.js';

const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));
const before = readFileSync(readmePath, 'utf8');
const after = replaceErrorCodeBlock(before, renderErrorCodeTable());
writeFileSync(readmePath, after);
console.log(after === before ? 'README error codes already up to date' : 'README error codes updated');
