import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_CHAT_LIMITS, InvalidChatError, InvalidInputError, parseChat, snapshotChat } from '@chatshare/core';
import {
  FUZZ_TIMEOUT,
  LINK_OPS,
  PROTOTYPE_KEYS,
  containersOf,
  copyChat,
  defineOwn,
  fuzzParameters,
  hostileText,
  mutate,
  mutation,
  smallLimits,
  validChat,
  wrongValue,
  type GeneratedChat,
} from './arbitraries.js';
import { expectAcceptedChat, expectNoPollution, expectTypedError, expectValidSnapshot, typedErrorOf } from './oracles.js';

/** The same chat handed over as the host would: the object itself, or its JSON text parsed (own `__proto__` keys). */
function handOver(generated: GeneratedChat, chat: Record<string, unknown>, viaJson: boolean): { input: unknown; raw: unknown } {
  const wrapped = generated.input !== generated.chat;
  let input: unknown = wrapped ? { ...(generated.input as object), chat } : chat;
  if (viaJson) {
    try {
      input = JSON.parse(JSON.stringify(input)) as unknown;
    } catch {
      // A bigint or a cyclic value has no JSON text: hand the object over as it is.
    }
  }
  return { input, raw: wrapped ? (input as { chat: unknown }).chat : input };
}

describe('T19–T23 fuzz: parseChat on hostile input', () => {
  it(
    'T19, T20, T21, T23: a chat with hostile mutations anywhere gets a typed error or a valid tree and snapshot, and no prototype changes',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          validChat({ maxMessages: 8 }),
          fc.array(mutation, { maxLength: 3 }),
          fc.boolean(),
          smallLimits,
          fc.constantFrom('branch' as const, 'full-history' as const),
          fc.option(fc.nat(), { freq: 2 }),
          async (generated, mutations, viaJson, limits, scope, upTo) => {
            const { input, raw } = handOver(generated, mutate(generated.chat, mutations), viaJson);
            let chat;
            try {
              chat = parseChat(input, limits);
            } catch (error) {
              expectNoPollution();
              expectTypedError(error);
              return;
            }
            expectNoPollution();
            expectAcceptedChat(chat, raw as Record<string, unknown>, { ...DEFAULT_CHAT_LIMITS, ...limits });
            const ids = [...chat.messages.keys()];
            const upToMessageId = upTo === null || ids.length === 0 ? null : ids[upTo % ids.length]!;
            const snapshot = await snapshotChat(chat, { scope, upToMessageId, version: 1, now: 0 });
            await expectValidSnapshot(snapshot, chat, { scope, leafId: upToMessageId ?? chat.currentId, secrets: generated.secrets });
            expectNoPollution();
          },
        ),
        fuzzParameters(),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'T19: a __proto__, constructor or prototype own key anywhere (as JSON.parse makes it) is rejected with INVALID_CHAT naming it, and nothing is polluted',
    () => {
      fc.assert(
        fc.property(validChat({ maxMessages: 6 }), fc.nat(), fc.constantFrom(...PROTOTYPE_KEYS), fc.boolean(), (generated, at, key, viaJson) => {
          const chat = copyChat(generated.chat);
          const containers = containersOf(chat);
          const target = containers[at % containers.length]!;
          const hostile = JSON.parse(`{"${key}":{"polluted":true,"toString":"x"}}`) as object;
          // In an array (childrenIds, files, models) the key rides in on an object element.
          if (Array.isArray(target)) target.push(hostile);
          else defineOwn(target, key, { polluted: true });
          const { input } = handOver(generated, chat, viaJson);
          let thrown: unknown = null;
          try {
            parseChat(input);
          } catch (error) {
            thrown = error;
          }
          expectNoPollution();
          const error = expectTypedError(thrown, [InvalidChatError]);
          expect(error.issues[0]!.path === key || error.issues[0]!.path.endsWith(`.${key}`), error.issues[0]!.path).toBe(true);
          expect(error.message).toContain(key);
        }),
        fuzzParameters(),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'T20, T21: every parent/child corruption of a random tree (cycle, self-parent, orphan, ghost child, two roots, …) is rejected with INVALID_CHAT in history',
    () => {
      fc.assert(
        fc.property(validChat({ minMessages: 2, maxMessages: 7, formats: ['history'] }), fc.constantFrom(...LINK_OPS), fc.nat(), fc.nat(), fc.boolean(), (generated, op, a, b, viaJson) => {
          const { input } = handOver(generated, mutate(generated.chat, [{ kind: 'link', op, a, b }]), viaJson);
          const error = typedErrorOf(() => parseChat(input), [InvalidChatError]);
          expect(error.issues[0]!.path).toMatch(/^history\./);
        }),
        fuzzParameters(),
      );
    },
    FUZZ_TIMEOUT,
  );

  const notAString = wrongValue.filter((v) => typeof v !== 'string' && v !== null && v !== undefined);
  const notATimestamp = fc.oneof(fc.constantFrom(NaN, Infinity, -Infinity, 1e308, -1, 1e14 + 1, -Number.MIN_VALUE), notAString.filter((v) => typeof v !== 'number'));
  const wrongField = fc.oneof(
    fc.record({ field: fc.constantFrom('role', 'content', 'model', 'modelName', 'parentId', 'id'), value: notAString }),
    // An empty list is a valid childrenIds or files: only non-empty wrong ones.
    fc.record({ field: fc.constantFrom('childrenIds', 'files'), value: notAString.filter((v) => !(Array.isArray(v) && v.length === 0)) }),
    fc.record({ field: fc.constant('timestamp'), value: notATimestamp }),
  );

  it(
    'T23: a wrong type in a message field (NaN, Infinity, 1e308, -1, bigint, objects where strings go, …) gets INVALID_CHAT at that field',
    () => {
      fc.assert(
        fc.property(validChat({ minMessages: 1, maxMessages: 6, formats: ['history'] }), fc.nat(), wrongField, (generated, pick, { field, value }) => {
          const chat = copyChat(generated.chat);
          const messages = (chat.history as { messages: Record<string, Record<string, unknown>> }).messages;
          const ids = Object.keys(messages);
          defineOwn(messages[ids[pick % ids.length]!]!, field, value);
          const { input } = handOver(generated, chat, false);
          const error = typedErrorOf(() => parseChat(input), [InvalidChatError]);
          expect(error.issues[0]!.path).toMatch(new RegExp(`^history\\.messages\\..+\\.${field}(\\.\\d+)?$`, 's'));
          expectNoPollution();
        }),
        fuzzParameters(),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'T23: "share up to" an id the chat does not hold is INVALID_INPUT, whatever the id',
    async () => {
      await fc.assert(
        fc.asyncProperty(validChat({ maxMessages: 4 }), hostileText(8), async (generated, id) => {
          const chat = parseChat(generated.input);
          fc.pre(!chat.messages.has(id));
          const error = await snapshotChat(chat, { upToMessageId: id }).then(
            () => null,
            (e: unknown) => e,
          );
          expectTypedError(error, [InvalidInputError]);
        }),
        fuzzParameters(),
      );
    },
    FUZZ_TIMEOUT,
  );
});
