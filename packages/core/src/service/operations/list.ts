import { requireAdmin, requireSignedIn } from '../../policy/actor.js';
import { listSharesInputSchema, type ListSharesInput } from '../../share/schema.js';
import { parseInput } from '../../share/validate.js';
import type { Page } from '../../share/types.js';
import type { ShareFilter } from '../../store/contract.js';
import { decodeListedShare, type ListedShareRecord } from '../../store/record-codec.js';
import type { ShareApi } from '../api.js';
import { storeCall, type Caller, type ServiceContext } from '../context.js';
import { toSummary } from '../summary.js';

const DEFAULT_PAGE = 20;

/** One page of shares matching `filter`, decoded from their rows (no snapshot body is read). */
async function listPage(context: ServiceContext, filter: ShareFilter, input: ListSharesInput): Promise<Page<ListedShareRecord>> {
  const page = await storeCall('list shares', () =>
    context.store.listShares(
      { ...filter, ...(input.query ? { query: input.query } : {}) },
      { limit: input.limit ?? DEFAULT_PAGE, cursor: input.cursor ?? null },
    ),
  );
  return { items: page.items.map(decodeListedShare), nextCursor: page.nextCursor };
}

/** The links manager: your own shares, and for admins every share of the instance. */
export function listOperations(context: ServiceContext, { viewer }: Caller): Pick<ShareApi, 'listShares' | 'listAllShares'> {
  return {
    async listShares(rawInput = {}) {
      const actor = requireSignedIn(viewer);
      const input = parseInput(listSharesInputSchema, rawInput, 'input');
      const page = await listPage(context, { ownerId: actor.id }, input);
      return { items: page.items.map(toSummary), nextCursor: page.nextCursor };
    },

    async listAllShares(rawInput = {}) {
      const actor = requireSignedIn(viewer);
      requireAdmin(actor, 'list every share');
      const input = parseInput(listSharesInputSchema, rawInput, 'input');
      const page = await listPage(context, input.ownerId ? { ownerId: input.ownerId } : {}, input);
      return { items: page.items.map((share) => ({ ...toSummary(share), ownerId: share.ownerId })), nextCursor: page.nextCursor };
    },
  };
}
