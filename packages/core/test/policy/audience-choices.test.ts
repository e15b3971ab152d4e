import { describe, expect, it } from 'vitest';
import { AUDIENCE_ORDER, audienceChange, audienceChoices, sameAudience, type Audience } from '@chatshare/core';

const publicOn = { allowPublicLinks: true };
const publicOff = { allowPublicLinks: false };
const people = (userIds: string[], groupIds: string[] = []): Audience => ({ type: 'people', userIds, groupIds });

describe('B2 audience choices', () => {
  it('B2: every audience is offered, narrowest first, while public links are on', () => {
    expect(AUDIENCE_ORDER).toEqual(['owner', 'people', 'instance', 'anyone']);
    expect(audienceChoices(null, publicOn).offered).toEqual(['owner', 'people', 'instance', 'anyone']);
  });

  it('B2: "anyone" is not offered while public links are off', () => {
    expect(audienceChoices(null, publicOff).offered).toEqual(['owner', 'people', 'instance']);
    expect(audienceChoices({ type: 'owner' }, publicOff).offered).toEqual(['owner', 'people', 'instance']);
  });

  it('B2/S7: a new link preselects signed-in users of this instance, whatever the switch', () => {
    expect(audienceChoices(null, publicOn)).toEqual({ offered: AUDIENCE_ORDER, selected: 'instance', publicHeldBack: false });
    expect(audienceChoices(null, publicOff)).toMatchObject({ selected: 'instance', publicHeldBack: false });
  });

  it('B2: an existing link preselects its stored audience', () => {
    expect(audienceChoices({ type: 'owner' }, publicOn).selected).toBe('owner');
    expect(audienceChoices(people(['bob']), publicOff).selected).toBe('people');
    expect(audienceChoices({ type: 'anyone' }, publicOn)).toMatchObject({ selected: 'anyone', publicHeldBack: false });
  });

  it('B2: an "anyone" link while public links are off shows as signed-in users, marked as held back', () => {
    expect(audienceChoices({ type: 'anyone' }, publicOff)).toEqual({ offered: ['owner', 'people', 'instance'], selected: 'instance', publicHeldBack: true });
  });
});

describe('R7 audience change on update', () => {
  it('R7: an unchanged audience sends nothing', () => {
    expect(audienceChange({ type: 'owner' }, { type: 'owner' }, publicOn)).toBeUndefined();
    expect(audienceChange(people(['bob', 'carol'], ['g1']), people(['bob', 'carol'], ['g1']), publicOn)).toBeUndefined();
  });

  it('R7/B2: keeping the signed-in choice that stands for a held-back "anyone" link sends nothing, so "anyone" stays stored', () => {
    expect(audienceChange({ type: 'instance' }, { type: 'anyone' }, publicOff)).toBeUndefined();
  });

  it('B2: another choice for a held-back "anyone" link is sent', () => {
    expect(audienceChange({ type: 'owner' }, { type: 'anyone' }, publicOff)).toEqual({ type: 'owner' });
  });

  it('B2: with public links on, moving "anyone" to signed-in users is a real change and is sent', () => {
    expect(audienceChange({ type: 'instance' }, { type: 'anyone' }, publicOn)).toEqual({ type: 'instance' });
  });

  it('B2: a "people" audience with other ids, or ids in another order, is sent', () => {
    expect(audienceChange(people(['bob']), people(['carol']), publicOn)).toEqual(people(['bob']));
    expect(audienceChange(people(['bob', 'carol']), people(['carol', 'bob']), publicOn)).toEqual(people(['bob', 'carol']));
    expect(audienceChange(people(['bob'], ['g2']), people(['bob'], ['g1']), publicOn)).toEqual(people(['bob'], ['g2']));
  });

  it('sameAudience compares types, then ids for "people"', () => {
    expect(sameAudience({ type: 'instance' }, { type: 'instance' })).toBe(true);
    expect(sameAudience({ type: 'instance' }, { type: 'anyone' })).toBe(false);
    expect(sameAudience(people(['a']), { type: 'owner' })).toBe(false);
    expect(sameAudience(people(['a'], []), people(['a'], []))).toBe(true);
    // An input that leaves out the group ids means none.
    expect(sameAudience({ type: 'people', userIds: ['a'] }, people(['a'], []))).toBe(true);
    expect(sameAudience({ type: 'people', userIds: ['a'] }, people(['a'], ['g1']))).toBe(false);
  });
});
