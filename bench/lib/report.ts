/** The shape every figure writes to `bench/results.json`; BENCHMARKS.md is rendered from it alone. */

export type Cell = string | number | null;

export interface FigureTable {
  /** Optional heading above the table (a figure may have several tables). */
  readonly caption?: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

export interface Goal {
  readonly text: string;
  /** `null` when it could not be measured here (see `note`). */
  readonly met: boolean | null;
  /** Why it was missed or skipped, and what would fix it. */
  readonly note?: string;
}

export interface FigureResult {
  readonly id: string;
  readonly title: string;
  readonly measuredAt: string;
  /** How the numbers were taken: runs, baseline, fixture. */
  readonly method: string;
  readonly goals: readonly Goal[];
  readonly tables: readonly FigureTable[];
  /** Every raw run and derived median/ratio, for machines to read. */
  readonly data: unknown;
  /** Parts not measured and why (e.g. no PostgreSQL server). */
  readonly skipped?: readonly string[];
  /** Lines under the figure's tables: conditions of the run, how to read it. */
  readonly notes?: readonly string[];
}

/** Progress lines go to stderr so they never mix with anything a caller parses. */
export function progress(message: string): void {
  process.stderr.write(`  · ${message}\n`);
}

/** Writes this figure's result where `bench/run.mjs` asked (env `BENCH_OUT`). */
export async function writeFigure(result: FigureResult): Promise<void> {
  const { writeFile } = await import('node:fs/promises');
  const out = process.env.BENCH_OUT;
  if (!out) throw new Error('BENCH_OUT is not set: run figures through `pnpm bench`.');
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
}

export const quick = process.env.BENCH_QUICK === '1';
