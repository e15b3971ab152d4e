import { FlowLayout } from '@lit-labs/virtualizer/layouts/flow.js';
import type { PathRow } from './branch-path.js';

type ChildMeasurements = Parameters<FlowLayout['updateItemSizes']>[0];

/**
 * How tall a message is likely to be, in rough "lines": one for the role line, then each source line wrapped at
 * ~90 characters (a blank line, a paragraph gap, counts half). Only its relation to the measured heights matters.
 */
export function messageWeight(content: string): number {
  let weight = 1;
  let start = 0;
  for (;;) {
    const end = content.indexOf('\n', start);
    const length = (end === -1 ? content.length : end) - start;
    weight += length === 0 ? 0.5 : Math.ceil(length / 90);
    if (end === -1) return weight;
    start = end + 1;
  }
}

const weights = new WeakMap<object, number>();

function weightOf(row: unknown): number {
  const path = row as PathRow | undefined;
  if (!path) return 1;
  let weight = weights.get(path);
  if (weight === undefined) {
    weight = messageWeight(typeof path.message?.content === 'string' ? path.message.content : '');
    weights.set(path, weight);
  }
  return weight;
}

/**
 * The virtualizer's flow layout with a per-message size estimate for rows it has not measured yet.
 *
 * The stock layout places every unmeasured row at the average height and marks the layout unstable, so each row
 * that scrolls in is rendered, measured, and then moves its neighbours (and often the range) in another pass. Here
 * an unmeasured row gets `a + b·weight`, a least-squares fit of the measured heights against `messageWeight`, so a
 * short question and a long answer are placed about where they will end up and measuring them changes (almost)
 * nothing. Measured heights always win; before anything is measured the stock behaviour applies.
 */
export class ChatFlowLayout extends FlowLayout {
  /** Sums for the fit over the latest measurement of each index: n, Σw, Σh, Σw², Σwh. */
  #n = 0;
  #w = 0;
  #h = 0;
  #ww = 0;
  #wh = 0;
  readonly #samples = new Map<number, readonly [weight: number, height: number]>();
  #a = 0;
  #b = 0;

  override updateItemSizes(sizes: ChildMeasurements): void {
    for (const key of Object.keys(sizes)) {
      const idx = Number(key);
      const height = sizes[idx]?.height ?? 0;
      if (!(height > 0)) continue;
      const old = this.#samples.get(idx);
      if (old) this.#add(old[0], old[1], -1);
      const weight = weightOf(this.items[idx]);
      this.#samples.set(idx, [weight, height]);
      this.#add(weight, height, 1);
    }
    this.#refit();
    super.updateItemSizes(sizes);
  }

  override _getSize(idx: number): number | undefined {
    const size = super._getSize(idx);
    if (size !== undefined || this.#n === 0) return size;
    const measured = this._metricsCache.getChildSize(idx);
    if (measured !== undefined) return measured;
    return idx >= 0 && idx < this.items.length ? this.#a + this.#b * weightOf(this.items[idx]) : undefined;
  }

  /** A new width re-wraps every message: the old heights say little, start the fit again (the stock cache is cleared too). */
  override _viewDim2Changed(): void {
    this.#samples.clear();
    this.#n = this.#w = this.#h = this.#ww = this.#wh = 0;
    super._viewDim2Changed();
  }

  #add(weight: number, height: number, sign: 1 | -1): void {
    this.#n += sign;
    this.#w += sign * weight;
    this.#h += sign * height;
    this.#ww += sign * weight * weight;
    this.#wh += sign * weight * height;
  }

  #refit(): void {
    const n = this.#n;
    if (n <= 0) return;
    const variance = n * this.#ww - this.#w * this.#w;
    // Needs some spread in the weights; otherwise (or for a fit that makes no sense) height ∝ weight.
    const b = variance > 1e-6 * n * n ? (n * this.#wh - this.#w * this.#h) / variance : -1;
    const a = (this.#h - b * this.#w) / n;
    if (b >= 0 && a >= 0) {
      this.#a = a;
      this.#b = b;
    } else {
      this.#a = 0;
      this.#b = this.#h / Math.max(this.#w, 1e-6);
    }
  }
}
