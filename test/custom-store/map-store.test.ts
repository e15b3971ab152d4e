import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeStoreConformance } from '@chatshare/core/testing';
import { KeyValueShareStore } from './map-store.js';

// The README's "write your own store" example, proven by the same conformance suite as our adapters.
describeStoreConformance({ name: 'README key-value store', createStore: () => new KeyValueShareStore() });

it('the README shows this exact store', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const code = readFileSync(new URL('./map-store.ts', import.meta.url), 'utf8').trim();
  expect(readme).toContain(code);
});
