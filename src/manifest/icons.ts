import { PNG } from 'pngjs';

/** The two icons a Teams app package needs, with the file names the manifest uses and their sizes. */
export const ICONS = {
  color: { file: 'color.png', size: 192 },
  outline: { file: 'outline.png', size: 32 },
} as const;

/** A decoded RGBA image. */
export interface RgbaImage {
  width: number;
  height: number;
  /** Four bytes per pixel (red, green, blue, alpha), row by row. */
  data: Uint8Array;
}

/** Decodes a PNG file to RGBA; throws when the bytes are not a PNG. */
export function decodePng(bytes: Uint8Array): RgbaImage {
  const png = PNG.sync.read(Buffer.from(bytes));
  return { width: png.width, height: png.height, data: png.data };
}

/** Encodes an RGBA image as a PNG file. */
export function encodePng(image: RgbaImage): Buffer {
  const png = new PNG({ width: image.width, height: image.height });
  png.data = Buffer.from(image.data);
  return PNG.sync.write(png);
}

function decodeOrReport(bytes: Uint8Array, file: string, problems: string[]): RgbaImage | undefined {
  try {
    return decodePng(bytes);
  } catch (error) {
    problems.push(`${file} is not a readable PNG: ${(error as Error).message}`);
    return undefined;
  }
}

function checkSize(image: RgbaImage, file: string, size: number, problems: string[]): void {
  if (image.width !== size || image.height !== size) {
    problems.push(`${file} is ${image.width}×${image.height} pixels; it must be ${size}×${size}`);
  }
}

/** Checks the colour icon: a PNG of 192×192 pixels with something visible on it. */
export function checkColorIcon(bytes: Uint8Array): string[] {
  const problems: string[] = [];
  const { file, size } = ICONS.color;
  const image = decodeOrReport(bytes, file, problems);
  if (!image) return problems;
  checkSize(image, file, size, problems);
  const visible = image.data.some((value, index) => index % 4 === 3 && value > 0);
  if (!visible) problems.push(`${file} is fully transparent`);
  return problems;
}

/**
 * Checks the outline icon: a PNG of 32×32 pixels that is white on transparent. Every pixel that is
 * not fully transparent must be pure white (its alpha may vary for smooth edges), and at least one
 * pixel must be visible.
 */
export function checkOutlineIcon(bytes: Uint8Array): string[] {
  const problems: string[] = [];
  const { file, size } = ICONS.outline;
  const image = decodeOrReport(bytes, file, problems);
  if (!image) return problems;
  checkSize(image, file, size, problems);
  let visible = 0;
  let coloured = 0;
  let firstColoured: string | undefined;
  for (let offset = 0; offset + 3 < image.data.length; offset += 4) {
    const [red, green, blue, alpha] = image.data.subarray(offset, offset + 4);
    if (alpha === 0) continue;
    visible += 1;
    if (red !== 255 || green !== 255 || blue !== 255) {
      coloured += 1;
      const pixel = offset / 4;
      firstColoured ??= `(${pixel % image.width}, ${Math.floor(pixel / image.width)})`;
    }
  }
  if (visible === 0) problems.push(`${file} is fully transparent; it needs a white symbol`);
  if (coloured > 0) {
    problems.push(
      `${file} has ${coloured} visible pixels that are not white (first at ${firstColoured}); ` +
        'it must be white on a transparent background',
    );
  }
  return problems;
}
