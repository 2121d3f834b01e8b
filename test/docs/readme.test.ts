import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../src/errors/codes.js';
import { renderErrorCodeTable, replaceErrorCodeBlock } from '../../src/errors/readme-table.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('the README', () => {
  it('starts with the two set-up commands', () => {
    const firstBlock = readme.slice(
      readme.indexOf('```sh'),
      readme.indexOf('```', readme.indexOf('```sh') + 5),
    );
    expect(firstBlock).toContain('npm ci && npm run demo');
    expect(firstBlock).toContain('npm test');
  });

  it('lists every error code with its advice (run `npm run docs:codes` after adding one)', () => {
    expect(replaceErrorCodeBlock(readme, renderErrorCodeTable())).toBe(readme);
    for (const code of Object.keys(errorCodes)) expect(readme).toContain(`\`${code}\``);
  });
});
