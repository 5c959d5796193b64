/**
 * Summarises an allocation profile written with BENCH_ALLOC_PROFILE_DIR (alloc-profile.mjs): the
 * share of everything allocated, by the function that allocated it (self) and by every function on
 * the stack at the time (inclusive, each function counted once per stack). With the number of
 * requests the load made, the total is also given per request (sampled: an estimate).
 *
 *   npx tsx bench/alloc-profile.ts <file.heapprofile> [requests] [top]
 */
import { readFileSync } from 'node:fs';

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
}

function nameOf(node: HeapNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.includes('node_modules/')
    ? url.replace(/^.*node_modules\//, '')
    : url.replace(/^file:\/\/.*?\/dist\//, 'dist/');
  return `${functionName || '(anonymous)'} ${where}${where ? `:${lineNumber + 1}` : ''}`;
}

export function summariseAllocations(head: HeapNode): {
  total: number;
  self: Map<string, number>;
  inclusive: Map<string, number>;
} {
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  const walk = (node: HeapNode, onStack: ReadonlySet<string>): void => {
    const name = nameOf(node);
    total += node.selfSize;
    self.set(name, (self.get(name) ?? 0) + node.selfSize);
    const stack = onStack.has(name) ? onStack : new Set([...onStack, name]);
    for (const frame of stack) inclusive.set(frame, (inclusive.get(frame) ?? 0) + node.selfSize);
    for (const child of node.children) walk(child, stack);
  };
  walk(head, new Set());
  return { total, self, inclusive };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, requests, top] = process.argv.slice(2);
  if (!file) throw new Error('usage: npx tsx bench/alloc-profile.ts <file.heapprofile> [requests] [top]');
  const { head } = JSON.parse(readFileSync(file, 'utf8')) as { head: HeapNode };
  const { total, self, inclusive } = summariseAllocations(head);
  const n = Number(top ?? 40);
  const perRequest = requests ? `, ${(total / Number(requests) / 1024).toFixed(0)} KB per request` : '';
  console.log(`allocated (sampled) ${(total / 2 ** 20).toFixed(0)} MiB${perRequest}\n`);
  const print = (title: string, map: Map<string, number>) => {
    console.log(title);
    for (const [name, bytes] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) {
      console.log(`${((100 * bytes) / total).toFixed(1).padStart(5)} %  ${name}`);
    }
    console.log('');
  };
  print('self (the function that allocated)', self);
  print('inclusive (every function on the stack)', inclusive);
}
