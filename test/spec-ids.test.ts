// Every spec id the repository names (S…, B…, R…, T… in test titles, comments and docs) must be defined by a heading
// in docs/spec.md, so an id always leads somewhere. The scan covers the files git tracks, minus lockfiles, build
// output and binaries. The extractor is tested first, against the look-alikes it must not take for ids.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const SPEC_PATH = 'docs/spec.md';

/**
 * An id: a family letter and a number without a leading zero, standing alone. Not after a word character (`fooT1`,
 * `0xB1`, ISO times like `…25T17:47`) nor after `#` (CSS colours), `$` (template variables), `@`, `%` (URL escapes),
 * `\` (string escapes) or `.` (property access); not before a word character (`B12345`, `T25_x`), a dot that starts a
 * word (`S3.amazonaws.com`) or `(` (a call). Upper case only: file names like `http-b13-b16.test.ts` are not citations.
 */
const ID = /(?<![\w#$@%\\.])([SBRT])([1-9]\d{0,2})(?!\w|\.\w|\()/g;
/** `B13–B17`: every id in between is cited too. En dash, em dash or hyphen. */
const RANGE = /(?<![\w#$@%\\.])([SBRT])([1-9]\d{0,2})\s?[–—-]\s?\1([1-9]\d{0,2})(?!\w)/g;
/** Products whose names look like ids: `AWS S3`, `Cloudflare R2`. */
const PRODUCT_BEFORE = /\b(?:AWS|Amazon|Cloudflare|Backblaze|Wasabi)[\s-]*$/i;
/** A long unbroken run of base64 / hex / url-safe symbols is data (a hash, an inline image), not prose. */
const DATA_RUN = /^[A-Za-z0-9+/=_-]{32,}$/;
/** `SPEC §7`, `SPEC.md §5`: a section of the spec. (`BENCHMARKS.md §6` is another document's.) */
const SECTION_REF = /\bSPEC(?:\.md)?\s?§\s?(\d+)/g;
/** Links into the spec page: `docs/spec.md#b13`, `spec.md#t7`. */
const SPEC_LINK = /\bspec\.md#([\w-]+)/g;

const BUILD_OUTPUT = /(^|\/)(node_modules|dist|coverage)\//;
const LOCKFILE = /(^|\/)(pnpm-lock\.yaml|package-lock\.json|yarn\.lock)$/;
const BINARY = /\.(png|jpe?g|gif|ico|webp|avif|woff2?|ttf|wasm|pdf|zip|gz|tgz)$/i;

interface Citation {
  readonly id: string;
  readonly line: number;
}

/** The spec ids `text` cites, with their line numbers; a range cites every id in it. */
function citedIds(text: string): Citation[] {
  const found: Citation[] = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    const lineNumber = index + 1;
    for (const match of line.matchAll(ID)) {
      const start = match.index;
      if (PRODUCT_BEFORE.test(line.slice(0, start))) continue;
      if (DATA_RUN.test(runAround(line, start, match[0].length))) continue;
      found.push({ id: match[0], line: lineNumber });
    }
    for (const match of line.matchAll(RANGE)) {
      const [, family, from, to] = match as unknown as [string, string, string, string];
      const low = Number(from);
      const high = Number(to);
      if (high <= low || high - low > 100) continue;
      for (let n = low + 1; n < high; n++) found.push({ id: `${family}${n}`, line: lineNumber });
    }
  });
  return found;
}

/** The run of base64 / hex / url-safe symbols holding `line[start, start + length)`. */
function runAround(line: string, start: number, length: number): string {
  const inRun = (c: string | undefined) => c !== undefined && /[A-Za-z0-9+/=_-]/.test(c);
  let from = start;
  let to = start + length;
  while (inRun(line[from - 1])) from--;
  while (inRun(line[to])) to++;
  return line.slice(from, to);
}

interface SpecDefinition {
  readonly id: string;
  readonly anchor: string | null;
  readonly planned: boolean;
  readonly line: number;
}

/** The ids docs/spec.md defines: `### <a id="b13"></a>B13 Title` headings; `**Planned.**` opens a planned item. */
function specDefinitions(spec: string): { definitions: SpecDefinition[]; sections: Set<string>; anchors: Set<string> } {
  const definitions: SpecDefinition[] = [];
  const sections = new Set<string>();
  const anchors = new Set<string>();
  const lines = spec.split('\n');
  lines.forEach((line, index) => {
    for (const a of line.matchAll(/<a id="([^"]+)"><\/a>/g)) anchors.add(a[1]!);
    const section = /^##+\s.*§(\d+)\b/.exec(line);
    if (section) sections.add(section[1]!);
    const heading = /^###\s+(?:<a id="([^"]*)"><\/a>)?\s*([SBRT][1-9]\d{0,2})\b\s+\S/.exec(line);
    if (!heading) return;
    const body = lines.slice(index + 1).find((next) => next.trim() !== '') ?? '';
    definitions.push({ id: heading[2]!, anchor: heading[1] ?? null, planned: body.startsWith('**Planned.**'), line: index + 1 });
  });
  return { definitions, sections, anchors };
}

interface ScannedFile {
  readonly path: string;
  readonly text: string;
}

function trackedTextFiles(): ScannedFile[] {
  const listed = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const files: ScannedFile[] = [];
  for (const path of listed.split('\0')) {
    if (path === '' || BUILD_OUTPUT.test(path) || LOCKFILE.test(path) || BINARY.test(path)) continue;
    const full = join(root, path);
    // A file deleted in the working tree but not yet in the index is simply gone.
    if (!existsSync(full)) continue;
    const bytes = readFileSync(full);
    if (bytes.includes(0)) continue;
    files.push({ path, text: bytes.toString('utf8') });
  }
  return files;
}

/** Test code: files whose titles cite ids (`*.test.ts`, test folders, the conformance suite under `src/testing`). */
const isTestFile = (path: string) => /\.test\.ts$|(^|\/)(test|testing)\//.test(path);

/** "T7 — a.ts:3, b.ts:9" for each id, at most `limit` places each. */
function describeUses(uses: Map<string, string[]>, limit = 5): string[] {
  return [...uses].map(([id, places]) => `${id} — ${places.slice(0, limit).join(', ')}${places.length > limit ? ', …' : ''}`);
}

describe('the id extractor', () => {
  it('finds ids in titles, lists, slashes, parentheses and ranges', () => {
    const ids = citedIds("it('S9, T10: update', …) // (B13) R2/R8 see T25-a\n`T7`: B13–B16 and T19-T21").map((c) => `${c.id}@${c.line}`);
    expect(ids).toEqual(['S9@1', 'T10@1', 'B13@1', 'R2@1', 'R8@1', 'T25@1', 'T7@2', 'B13@2', 'B16@2', 'T19@2', 'T21@2', 'B14@2', 'B15@2', 'T20@2']);
  });

  it('ignores look-alikes: identifiers, hex, colours, times, products, data and file names', () => {
    const text = [
      'const fooT1 = 0xB1; let T1_x; obj.T1; $T1; @B2 %B1 \\B1',
      'color: #B12; width: B12345; at 2026-11-25T17:47Z; 1T1',
      'upload to AWS S3 or an Amazon S3 bucket, or Cloudflare R2',
      'data:image/png;base64,iVBORw0KGgoAAAANSUhEUg+T1+AAAQCAYAAAAfFcSJ/B2/AAADUlEQVR42mNkYPhfDwAChwGA',
      'sha 9f86d081884c7d659a2feaa0c55ad015/T1/a3bf4f1b2b0b822cd15d6c15b0f00a08',
      'http-b13-b16.test.ts, s3.example, S3.amazonaws.com, T1(',
    ].join('\n');
    expect(citedIds(text)).toEqual([]);
  });

  it('reads definitions, anchors and planned items from the spec page', () => {
    const spec = '## §5 Architecture\n\n### <a id="b1"></a>B1 Manage links\nText.\n\n### B2 No anchor\n**Planned.** Later.\n';
    const { definitions, sections } = specDefinitions(spec);
    expect(definitions.map((d) => [d.id, d.anchor, d.planned])).toEqual([
      ['B1', 'b1', false],
      ['B2', null, true],
    ]);
    expect([...sections]).toEqual(['5']);
  });
});

describe('spec ids in the repository', () => {
  const spec = readFileSync(join(root, SPEC_PATH), 'utf8');
  const { definitions, sections, anchors } = specDefinitions(spec);
  const defined = new Map(definitions.map((d) => [d.id, d]));
  const files = trackedTextFiles();

  /** Where each id is cited, as `path:line`, in `files`. */
  const citations = (which: readonly ScannedFile[]) => {
    const uses = new Map<string, string[]>();
    for (const file of which) {
      for (const { id, line } of citedIds(file.text)) {
        const places = uses.get(id) ?? [];
        places.push(`${file.path}:${line}`);
        uses.set(id, places);
      }
    }
    return uses;
  };
  const everywhere = citations(files.filter((f) => f.path !== SPEC_PATH));
  // This file's own examples do not count as tests of the ids they happen to contain.
  const inTests = citations(files.filter((f) => isTestFile(f.path) && f.path !== 'test/spec-ids.test.ts'));

  it('scans the tracked files and finds ids in them', () => {
    expect(files.some((f) => f.path === 'README.md')).toBe(true);
    expect(files.some((f) => isTestFile(f.path))).toBe(true);
    expect(everywhere.size).toBeGreaterThan(0);
  });

  it('defines each id once, as a heading with its own anchor (docs/spec.md#b13)', () => {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const d of definitions) {
      if (seen.has(d.id)) problems.push(`${d.id} is defined twice (line ${d.line})`);
      seen.add(d.id);
      if (d.anchor !== d.id.toLowerCase()) problems.push(`${d.id} (line ${d.line}) needs <a id="${d.id.toLowerCase()}"></a>`);
    }
    expect(problems).toEqual([]);
  });

  it('has a docs/spec.md heading for every id any file names', () => {
    const undefinedUses = new Map([...everywhere].filter(([id]) => !defined.has(id)));
    expect(describeUses(undefinedUses), `ids used without a definition in ${SPEC_PATH}`).toEqual([]);
  });

  it('has a docs/spec.md section for every "SPEC §n" and an anchor for every spec.md# link', () => {
    const problems: string[] = [];
    for (const file of files) {
      for (const match of file.text.matchAll(SECTION_REF)) {
        if (!sections.has(match[1]!)) problems.push(`${file.path}: SPEC §${match[1]} has no section in ${SPEC_PATH}`);
      }
      for (const match of file.text.matchAll(SPEC_LINK)) {
        if (!anchors.has(match[1]!)) problems.push(`${file.path}: spec.md#${match[1]} has no anchor in ${SPEC_PATH}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('marks as planned exactly the ids no test names yet', () => {
    const built = definitions.filter((d) => !d.planned && !inTests.has(d.id)).map((d) => `${d.id} is not planned, yet no test names it`);
    const planned = describeUses(new Map([...inTests].filter(([id]) => defined.get(id)?.planned === true))).map(
      (line) => `${line} (a test names it: is it still planned?)`,
    );
    expect([...built, ...planned]).toEqual([]);
  });
});
