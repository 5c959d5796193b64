/**
 * Draws the app icons into manifest/: color.png (192×192, deep blue with a white network of nodes)
 * and outline.png (32×32, the same network in white on transparent). Run with
 * `npx tsx scripts/make-icons.ts`; the PNGs are committed, so this is only needed after a design change.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { checkColorIcon, checkOutlineIcon, encodePng, ICONS, type RgbaImage } from '../src/manifest/icons.js';

/** A colour with components from 0 to 1. */
interface Colour {
  r: number;
  g: number;
  b: number;
  a: number;
}

type Shape =
  | { kind: 'disc'; x: number; y: number; radius: number; colour: Colour }
  | { kind: 'ring'; x: number; y: number; radius: number; width: number; colour: Colour }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; width: number; colour: Colour };

const SAMPLES = 5; // per axis: 25 samples per pixel for smooth edges

function hex(value: string, alpha = 1): Colour {
  const n = Number.parseInt(value.slice(1), 16);
  return { r: ((n >> 16) & 255) / 255, g: ((n >> 8) & 255) / 255, b: (n & 255) / 255, a: alpha };
}

function distanceToSegment(px: number, py: number, s: Extract<Shape, { kind: 'line' }>): number {
  const dx = s.x2 - s.x1;
  const dy = s.y2 - s.y1;
  const t = Math.max(0, Math.min(1, ((px - s.x1) * dx + (py - s.y1) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (s.x1 + t * dx), py - (s.y1 + t * dy));
}

function inside(shape: Shape, x: number, y: number): boolean {
  switch (shape.kind) {
    case 'disc':
      return Math.hypot(x - shape.x, y - shape.y) <= shape.radius;
    case 'ring':
      return Math.abs(Math.hypot(x - shape.x, y - shape.y) - shape.radius) <= shape.width / 2;
    case 'line':
      return distanceToSegment(x, y, shape) <= shape.width / 2;
  }
}

/** Fraction of the pixel at (px, py) that `shape` covers. */
function coverage(shape: Shape, px: number, py: number): number {
  let hits = 0;
  for (let i = 0; i < SAMPLES; i += 1) {
    for (let j = 0; j < SAMPLES; j += 1) {
      if (inside(shape, px + (i + 0.5) / SAMPLES, py + (j + 0.5) / SAMPLES)) hits += 1;
    }
  }
  return hits / (SAMPLES * SAMPLES);
}

/** Paints `shapes` in order over `background` (a function of the pixel, or transparent). */
function render(size: number, shapes: Shape[], background?: (x: number, y: number) => Colour): RgbaImage {
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const base = background?.(x, y) ?? { r: 1, g: 1, b: 1, a: 0 };
      // premultiplied accumulation, "source over"
      let r = base.r * base.a;
      let g = base.g * base.a;
      let b = base.b * base.a;
      let a = base.a;
      for (const shape of shapes) {
        const alpha = shape.colour.a * coverage(shape, x, y);
        if (alpha === 0) continue;
        r = shape.colour.r * alpha + r * (1 - alpha);
        g = shape.colour.g * alpha + g * (1 - alpha);
        b = shape.colour.b * alpha + b * (1 - alpha);
        a = alpha + a * (1 - alpha);
      }
      const offset = (y * size + x) * 4;
      const unmultiply = (channel: number) => (a === 0 ? 255 : Math.round((channel / a) * 255));
      data[offset] = unmultiply(r);
      data[offset + 1] = unmultiply(g);
      data[offset + 2] = unmultiply(b);
      data[offset + 3] = Math.round(a * 255);
    }
  }
  return { width: size, height: size, data };
}

/** The network: a hub and six members on a ring, each linked to the hub and to its neighbours. */
function network(centre: number, radius: number) {
  const members = Array.from({ length: 6 }, (_, k) => {
    const angle = -Math.PI / 2 + (k * Math.PI) / 3;
    return { x: centre + radius * Math.cos(angle), y: centre + radius * Math.sin(angle) };
  });
  const spokes = members.map((m) => ({ x1: centre, y1: centre, x2: m.x, y2: m.y }));
  const rim = members.map((m, k) => {
    const next = members[(k + 1) % members.length]!;
    return { x1: m.x, y1: m.y, x2: next.x, y2: next.y };
  });
  return { hub: { x: centre, y: centre }, members, spokes, rim };
}

function colourIcon(): RgbaImage {
  const size = ICONS.color.size;
  const top = hex('#24498A');
  const bottom = hex('#142C55');
  const background = (_x: number, y: number): Colour => {
    const t = y / (size - 1);
    return {
      r: top.r + (bottom.r - top.r) * t,
      g: top.g + (bottom.g - top.g) * t,
      b: top.b + (bottom.b - top.b) * t,
      a: 1,
    };
  };
  const net = network(size / 2, 58);
  const white = hex('#FFFFFF');
  const shapes: Shape[] = [
    ...net.rim.map((l): Shape => ({ kind: 'line', ...l, width: 5, colour: hex('#9FB8E0', 0.9) })),
    ...net.spokes.map((l): Shape => ({ kind: 'line', ...l, width: 5, colour: hex('#FFFFFF', 0.85) })),
    ...net.members.map((m): Shape => ({ kind: 'disc', ...m, radius: 14, colour: white })),
    { kind: 'disc', ...net.hub, radius: 22, colour: hex('#F2B33D') },
    { kind: 'ring', ...net.hub, radius: 22, width: 5, colour: white },
  ];
  return render(size, shapes, background);
}

function outlineIcon(): RgbaImage {
  const size = ICONS.outline.size;
  const net = network(size / 2, 12);
  const white = hex('#FFFFFF');
  const hubRadius = 4.2;
  // spokes stop at the hub's ring so the hub reads as a hollow circle at this size
  const spokes = net.spokes.map((l) => {
    const length = Math.hypot(l.x2 - l.x1, l.y2 - l.y1);
    const t = hubRadius / length;
    return { ...l, x1: l.x1 + (l.x2 - l.x1) * t, y1: l.y1 + (l.y2 - l.y1) * t };
  });
  const shapes: Shape[] = [
    ...net.rim.map((l): Shape => ({ kind: 'line', ...l, width: 1.2, colour: white })),
    ...spokes.map((l): Shape => ({ kind: 'line', ...l, width: 1.2, colour: white })),
    ...net.members.map((m): Shape => ({ kind: 'disc', ...m, radius: 2.8, colour: white })),
    { kind: 'ring', ...net.hub, radius: hubRadius, width: 1.7, colour: white },
  ];
  return render(size, shapes);
}

async function main(): Promise<void> {
  const manifestDir = fileURLToPath(new URL('../manifest/', import.meta.url));
  const color = encodePng(colourIcon());
  const outline = encodePng(outlineIcon());
  const problems = [...checkColorIcon(color), ...checkOutlineIcon(outline)];
  if (problems.length > 0) throw new Error(`The drawn icons are not valid:\n  - ${problems.join('\n  - ')}`);
  await writeFile(`${manifestDir}${ICONS.color.file}`, color);
  await writeFile(`${manifestDir}${ICONS.outline.file}`, outline);
  console.log(`Wrote manifest/${ICONS.color.file} and manifest/${ICONS.outline.file}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
