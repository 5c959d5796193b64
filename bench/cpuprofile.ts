/**
 * Summarises a CPU profile written with BENCH_PROFILE_DIR (a .cpuprofile of the bot): only the samples
 * between the first and the last turn (a `processActivity` frame on the stack), so start-up and
 * shutdown are left out. Prints the busy time, then self time by package or file, by function, and the
 * inclusive time of the bot's own functions (dist/). With the number of requests the load made, every
 * figure is also given in µs per request (profiled: sampling inflates them, compare within one run).
 *
 *   npx tsx bench/cpuprofile.ts <file.cpuprofile> [requests] [top]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const IDLE = new Set(['(idle)', '(program)']);

function shortUrl(url: string): string {
  return url.includes('node_modules/')
    ? url.replace(/^.*node_modules\//, '')
    : url.replace(/^file:\/\/.*?\/dist\//, 'dist/');
}

function functionKey(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  return url ? `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}` : functionName;
}

function packageKey(node: ProfileNode): string {
  const { functionName, url } = node.callFrame;
  if (!url) return functionName || '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  return pkg ? `package ${pkg[1]}` : shortUrl(url);
}

export function summarise(profile: Profile, requests: number, top: number): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const stack = (id: number): ProfileNode[] => {
    const frames: ProfileNode[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) frames.push(byId.get(at)!);
    return frames;
  };
  const inTurn = (id: number) => stack(id).some((node) => node.callFrame.functionName === 'processActivity');
  const first = profile.samples.findIndex(inTurn);
  const last = profile.samples.length - 1 - [...profile.samples].reverse().findIndex(inTurn);
  if (first < 0) return ['no turn in this profile'];

  const self = { byPackage: new Map<string, number>(), byFunction: new Map<string, number>() };
  const inclusive = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
  let busy = 0;
  for (let i = first; i <= last; i++) {
    const id = profile.samples[i]!;
    const us = profile.timeDeltas[i] ?? 0;
    const leaf = byId.get(id)!;
    if (IDLE.has(leaf.callFrame.functionName)) continue;
    busy += us;
    add(self.byPackage, packageKey(leaf), us);
    add(self.byFunction, functionKey(leaf), us);
    const seen = new Set<string>();
    for (const node of stack(id)) {
      if (!node.callFrame.url.includes('/dist/') || node.callFrame.url.includes('node_modules')) continue;
      const key = functionKey(node);
      if (!seen.has(key)) add(inclusive, key, us);
      seen.add(key);
    }
  }
  const share = (us: number) =>
    `${((100 * us) / busy).toFixed(1).padStart(5)} %${requests > 0 ? `${(us / requests).toFixed(1).padStart(8)} µs/req` : ''}`;
  const list = (title: string, map: Map<string, number>) => [
    '',
    title,
    ...[...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, us]) => `${share(us)}  ${key}`),
  ];
  return [
    `busy ${(busy / 1000).toFixed(0)} ms${requests > 0 ? `, ${(busy / requests).toFixed(0)} µs per request` : ''} (percentages: of busy time)`,
    ...list('self time by package or file', self.byPackage),
    ...list('self time by function', self.byFunction),
    ...list("inclusive time of the bot's functions", inclusive),
  ];
}

if (process.argv[1]?.endsWith('cpuprofile.ts')) {
  const [file, requests, top] = process.argv.slice(2);
  if (!file) {
    console.error('usage: npx tsx bench/cpuprofile.ts <file.cpuprofile> [requests] [top]');
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  for (const line of summarise(profile, Number(requests ?? 0), Number(top ?? 25))) console.log(line);
}
