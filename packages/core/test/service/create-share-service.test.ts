import { describe, expect, it } from 'vitest';
import { setup } from './setup-share-service.js';

describe('R6 forActor', () => {
  it('R6: a malformed actor from the host is refused', () => {
    const { service } = setup();
    expect(() => service.forActor({ id: '' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
