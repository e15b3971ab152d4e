import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_CHAT_LIMITS, parseChat, parseCommunityUpload, snapshotChat, snapshotToChat } from '@chatshare/core';
import { FUZZ_TIMEOUT, fuzzParameters, validChat } from './arbitraries.js';
import { expectAcceptedChat, expectNoPollution, expectRoundTrip, expectValidSnapshot } from './oracles.js';

describe('R4, B8, T26 fuzz: snapshots of generated trees', () => {
  // One property for both checks: generating and parsing the chat is most of the cost of a run.
  it(
    'R4, B4, B6, B8, T26: every valid tree with hostile strings and ids parses; its snapshot is schema-valid, frozen, hash-true, exactly the chosen scope, free of owner id, chat id and email; and it round-trips through snapshotToChat → parseChat (and a community upload) to the same hash',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          validChat({ maxMessages: 9 }),
          fc.constantFrom('branch' as const, 'full-history' as const),
          fc.option(fc.nat(), { freq: 2 }),
          async (generated, scope, upTo) => {
            const chat = parseChat(generated.input);
            expectAcceptedChat(chat, generated.chat, DEFAULT_CHAT_LIMITS);
            const ids = [...chat.messages.keys()];
            const upToMessageId = upTo === null || ids.length === 0 ? null : ids[upTo % ids.length]!;
            const snapshot = await snapshotChat(chat, { scope, upToMessageId, version: 1, now: 0 });
            await expectValidSnapshot(snapshot, chat, { scope, leafId: upToMessageId ?? chat.currentId, secrets: generated.secrets });
            await expectRoundTrip(snapshot);
            // A hub receives the chat as the JSON string of `{ chat, models }`.
            const upload = parseCommunityUpload(JSON.stringify({ chat: snapshotToChat(snapshot), models: [...snapshot.models] }));
            const received = await snapshotChat(upload.chat, { scope });
            if (received.hash !== snapshot.hash) expect(received.hash, 'S3: the hub gets the same content').toBe(snapshot.hash);
            expectNoPollution();
          },
        ),
        fuzzParameters(),
      );
    },
    FUZZ_TIMEOUT,
  );
});
