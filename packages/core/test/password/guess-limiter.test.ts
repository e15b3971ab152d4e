import { describe, expect, it } from 'vitest';
import { createGuessLimiter } from '../../src/password/guess-limiter.js';

describe('B13: the guess limiter keeps its memory bounded', () => {
  it('B13: at maxKeys, expired windows go first, then the oldest below the limit; a limited key keeps its window', () => {
    const limiter = createGuessLimiter(2, 1000, 3);
    limiter.take('old', 0); // expires at 1000
    limiter.take('target', 500);
    limiter.take('target', 500); // at the limit until 1500
    limiter.take('x', 600);
    limiter.take('y', 1000); // over the cap: the expired 'old' goes, nothing else
    expect(limiter.retryAfter('target', 1000)).toBe(1);
    expect(limiter.retryAfter('x', 1000)).toBe(0);
    // Flooding with new keys drops the oldest window below the limit, never the limited 'target'.
    for (let i = 0; i < 50; i++) limiter.take(`flood-${i}`, 1000);
    expect(limiter.retryAfter('target', 1000)).toBe(1);
    limiter.take('flood-49', 1000); // at its limit now, with 'target'
    limiter.take('last', 1000);
    expect(limiter.retryAfter('target', 1000)).toBe(1);
    expect(limiter.retryAfter('flood-49', 1000)).toBe(1);
    // An expired window goes before an older live one below the limit.
    const expiring = createGuessLimiter(3, 1000, 3);
    expiring.take('e', 0); // expires at 1000
    expiring.take('live', 500);
    expiring.take('live', 500);
    expiring.take('e', 900); // touched after 'live', still expiring at 1000
    expiring.take('w', 950);
    expiring.take('z', 1000); // over the cap: 'e' has expired and goes; 'live' keeps its two guesses
    expiring.take('live', 1000);
    expect(expiring.retryAfter('live', 1000)).toBe(1);
  });

  it('B13: when every window is at its limit the memory bound wins: the one touched longest ago is forgotten', () => {
    const limiter = createGuessLimiter(1, 1000, 3);
    for (const key of ['a', 'b', 'c']) limiter.take(key, 0);
    expect(['a', 'b', 'c'].map((k) => limiter.retryAfter(k, 0))).toEqual([1, 1, 1]);
    limiter.take('a', 0); // touched again: now the newest
    limiter.take('d', 0); // over the cap, all at the limit: 'b' goes
    expect(['a', 'b', 'c', 'd'].map((k) => limiter.retryAfter(k, 0))).toEqual([1, 0, 1, 1]);
    expect(limiter.retryAfter('a', 1000)).toBe(0);
  });
});
