import { snapshotSchema } from '@chatshare/core';

/** Who reads: nobody signed in, another user of the instance, or the owner. */
export type Reader = 'anonymous' | 'bob' | 'alice';
export const OWNER: Reader = 'alice';
/** The JSON read (`/api/chatshare/s/:id`) or the HTML page (`/s/:id`) the link opens. */
export type ReadRoute = 'api' | 'page';
export type AudienceType = 'anyone' | 'instance' | 'owner' | 'people';

/** What went wrong, by kind; the soak must see none of them. */
export type ViolationKind =
  /** Content of a share served after its revoke was answered. */
  | 'revoked-served'
  /** Content served to a reader the audience does not include. */
  | 'forbidden-served'
  /** A message added to the chat served before "Update" was pressed. */
  | 'unpublished-served'
  /** A read after an update answered with the snapshot before it. */
  | 'stale-snapshot'
  /** A read answered with another share's content. */
  | 'foreign-content'
  /** A 200 read whose body is not the share asked for, or not a valid snapshot. */
  | 'malformed'
  /** Any status other than the ones the share's state allows (a 5xx, a 429, a 404 for a live share…). */
  | 'unexpected-status';

export const VIOLATION_KINDS: readonly ViolationKind[] = [
  'revoked-served',
  'forbidden-served',
  'unpublished-served',
  'stale-snapshot',
  'foreign-content',
  'malformed',
  'unexpected-status',
];

/** One share the soak created, and what it may serve at each moment. */
export interface TrackedShare {
  readonly id: string;
  readonly chatId: string;
  readonly audience: AudienceType;
  /** The marker of the newest snapshot an answered create or update published. */
  current: string;
  /** Markers of messages added to the chat since the last "Update" was sent: no read may carry them. */
  readonly unpublished: Set<string>;
  revokeSentAt: number | null;
  /** When the revoke (or the chat delete that cascades to it) was answered. */
  revokedAt: number | null;
  /** An update or revoke is in flight: writers leave it alone. */
  busy: boolean;
  /** A write on it failed unexpectedly: its state is unknown, so nothing more is asserted about it. */
  abandoned: boolean;
}

/** What a share allowed when a read was sent. */
export interface ReadView {
  /** Its revoke had been answered. */
  readonly revoked: boolean;
  readonly current: string;
}

const MAX_SAMPLES = 20;

/**
 * The soak's bookkeeping: every share it made, the unique marker in each snapshot's content, and the rules a read's
 * answer must follow given what had been answered before the read was sent. Markers make leaks visible in any body.
 */
export class SoakLedger {
  readonly run = Math.random().toString(36).slice(2, 8).padEnd(6, '0');
  private readonly markerPattern = new RegExp(`SOAK-${this.run}-(\\d+)-MARK`, 'g');
  private markers = 0;
  private readonly ownerOfMarker = new Map<number, TrackedShare>();
  readonly live: TrackedShare[] = [];
  readonly revoked: TrackedShare[] = [];
  readonly abandoned: TrackedShare[] = [];
  readonly violations = new Map<ViolationKind, number>(VIOLATION_KINDS.map((kind) => [kind, 0]));
  readonly samples: string[] = [];

  /** A new marker for content that is about to be written; `share` owns it from now on. */
  newMarker(share?: TrackedShare): string {
    const n = ++this.markers;
    if (share) this.ownerOfMarker.set(n, share);
    return `SOAK-${this.run}-${n}-MARK`;
  }

  /** Records a share whose create was answered; its first marker was made with `newMarker()` before it had an id. */
  add(share: Omit<TrackedShare, 'unpublished' | 'revokeSentAt' | 'revokedAt' | 'busy' | 'abandoned'>): TrackedShare {
    const tracked: TrackedShare = { ...share, unpublished: new Set(), revokeSentAt: null, revokedAt: null, busy: false, abandoned: false };
    this.ownerOfMarker.set(this.markerNumber(share.current), tracked);
    this.live.push(tracked);
    return tracked;
  }

  markRevoked(share: TrackedShare, at: number): void {
    share.revokedAt = at;
    this.live.splice(this.live.indexOf(share), 1);
    this.revoked.push(share);
  }

  abandon(share: TrackedShare): void {
    share.abandoned = true;
    this.abandoned.push(share);
    const i = this.live.indexOf(share);
    if (i >= 0) this.live.splice(i, 1);
  }

  violation(kind: ViolationKind, detail: string): void {
    this.violations.set(kind, (this.violations.get(kind) ?? 0) + 1);
    if (this.samples.length < MAX_SAMPLES) this.samples.push(`${kind}: ${detail}`);
  }

  violationCount(): number {
    let total = 0;
    for (const n of this.violations.values()) total += n;
    return total;
  }

  view(share: TrackedShare): ReadView {
    return { revoked: share.revokedAt !== null, current: share.current };
  }

  /** Who may read in the demo: the owner always; others by audience; nobody signed in only for `anyone`. */
  static permitted(audience: AudienceType, reader: Reader): boolean {
    if (reader === OWNER) return true;
    if (reader === 'anonymous') return audience === 'anyone';
    return audience !== 'owner';
  }

  /**
   * The statuses a read may get, given the share's state when it was sent (`view`) and now that it is answered: a
   * revoke sent in between may or may not have been applied before the read.
   */
  static allowedStatuses(share: TrackedShare, view: ReadView, reader: Reader, route: ReadRoute): number[] {
    // The page is open to everyone; <shared-chat-viewer> asks the API, which decides.
    if (route === 'page') return [200];
    const refused = reader === 'anonymous' ? 401 : 404;
    if (view.revoked) return [refused];
    const live = SoakLedger.permitted(share.audience, reader) ? 200 : refused;
    return share.revokeSentAt !== null ? [live, refused] : [live];
  }

  /**
   * Checks one answered read of `share` sent when the share looked like `view`. Returns whether it was a full read of
   * the current snapshot (a 200 from the API carrying the marker current when it was sent).
   */
  checkRead(share: TrackedShare, view: ReadView, reader: Reader, route: ReadRoute, status: number, body: string): boolean {
    if (share.abandoned) return false;
    const what = `${route} read of ${share.id} (${share.audience}) by ${reader}`;
    const allowed = SoakLedger.allowedStatuses(share, view, reader, route);
    if (!allowed.includes(status)) this.violation('unexpected-status', `${what} answered ${status}, expected ${allowed.join(' or ')}: ${body.slice(0, 160)}`);
    for (const match of body.matchAll(this.markerPattern)) {
      const marker = match[0];
      const owner = this.ownerOfMarker.get(Number(match[1]));
      if (owner !== share) this.violation('foreign-content', `${what} carried ${marker} of ${owner?.id ?? 'no share'}`);
      else if (view.revoked) this.violation('revoked-served', `${what} carried ${marker} after the revoke was answered`);
      else if (!SoakLedger.permitted(share.audience, reader)) this.violation('forbidden-served', `${what} carried ${marker}`);
      // Checked when the answer is in: an "Update" sent after it cannot have reached it.
      else if (share.unpublished.has(marker)) this.violation('unpublished-served', `${what} carried ${marker} before its update was sent`);
    }
    if (route !== 'api' || status !== 200) return false;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      this.violation('malformed', `${what}: the body is not JSON`);
      return false;
    }
    const read = parsed as { id?: unknown; snapshot?: unknown };
    if (read.id !== share.id || !snapshotSchema.safeParse(read.snapshot).success) {
      this.violation('malformed', `${what}: not a valid view of this share`);
      return false;
    }
    // Chats only grow, so every later snapshot still carries the marker that was current when the read was sent.
    if (!body.includes(view.current)) {
      this.violation('stale-snapshot', `${what} lacks ${view.current}, current since before it was sent`);
      return false;
    }
    return true;
  }

  private markerNumber(marker: string): number {
    const n = Number(/^SOAK-[a-z0-9]+-(\d+)-MARK$/.exec(marker)?.[1]);
    if (!Number.isInteger(n)) throw new Error(`not a marker of this soak: ${marker}`);
    return n;
  }
}
