/**
 * `npm run build:tab [-- <out dir>]`: bundles the overview tab (tab/) for the browser into one flat
 * directory (default dist/tab/): index.html, tab.css, tab.js and the chunks it loads on demand
 * (MSAL, only where nested app authentication is used). The server serves them at /tab/.
 * The page's CSP allows only same-origin scripts and styles, so nothing is inlined.
 */
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TAB = join(ROOT, 'tab');

export const DEFAULT_TAB_OUT_DIR = join(ROOT, 'dist', 'tab');

export async function buildTab(outDir: string = DEFAULT_TAB_OUT_DIR): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: { tab: join(TAB, 'src', 'main.ts') },
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2020', 'chrome100', 'edge100', 'firefox100', 'safari15'],
    minify: true,
    sourcemap: false,
    chunkNames: 'chunk-[hash]',
    legalComments: 'none',
    tsconfig: join(TAB, 'tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  for (const name of await readdir(TAB)) {
    if (name.endsWith('.html') || name.endsWith('.css')) await copyFile(join(TAB, name), join(outDir, name));
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = resolve(process.argv[2] ?? DEFAULT_TAB_OUT_DIR);
  buildTab(outDir).then(
    () => console.log(`tab built into ${outDir}`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
