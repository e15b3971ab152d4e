/** Summarises a V8 CPU profile (DevTools protocol `Profiler.stop`) into where the time went. */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  /** Self time by function (native entries like "(program)" are the browser's own style/layout/paint work). */
  self: { name: string; ms: number; share: number }[];
  /** Inclusive time by function: what a call and everything it called cost. */
  inclusive: { name: string; ms: number; share: number }[];
}

export function summariseProfile(profile: CpuProfile, top = 8): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: ProfileNode) => n.callFrame.functionName || (n.callFrame.url ? '(anonymous)' : '(root)');
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    const node = byId.get(id)!;
    self.set(label(node), (self.get(label(node)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const name = label(byId.get(cur)!);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + dt);
    }
  });
  const list = (m: Map<string, number>, skip: string[]) =>
    [...m]
      .filter(([name]) => !skip.includes(name))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms: Math.round(ms), share: Math.round((ms / total) * 1000) / 10 }));
  return { totalMs: Math.round(total), self: list(self, ['(idle)']), inclusive: list(inclusive, ['(root)', '(program)', '(idle)', '(anonymous)']) };
}
