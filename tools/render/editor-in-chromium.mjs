// The editor page (page/) bundled in memory and shown in headless Chromium: render() loads one
// diagram and template into a fresh page and returns what the panel showed plus the screenshot.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import sharp from 'sharp';

const HERE = dirname(fileURLToPath(import.meta.url));

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // Nearly the same bytes on every run: without these four together, about one render in three
  // drew the dotted underlines under field labels a little differently; with them 20 of 20 renders
  // of one picture agreed, and one picture in 18 differed in three full runs.
  '--force-color-profile=srgb', '--font-render-hinting=none', '--disable-lcd-text', '--disable-partial-raster'
];
// The page is served from memory under this origin and every other request is refused, so a
// picture depends on nothing but this folder's packages and the files it is given.
const ORIGIN = 'http://pictures.localhost';

async function bundlePage() {
  const built = await esbuild.build({
    absWorkingDir: HERE,
    entryPoints: [ 'page/editor.js' ],
    outdir: 'out', // not written: the CSS the imports pull in becomes out/editor.css in memory
    write: false,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    legalComments: 'none',
    logLevel: 'error',
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.eot': 'dataurl', '.svg': 'dataurl', '.png': 'dataurl' }
  });
  const files = { '/': { type: 'text/html', body: readFileSync(join(HERE, 'page', 'index.html')) } };
  for (const out of built.outputFiles) {
    const name = out.path.slice(out.path.lastIndexOf('/') + 1);
    files[`/${name}`] = { type: name.endsWith('.css') ? 'text/css' : 'text/javascript', body: Buffer.from(out.contents) };
  }
  return files;
}

/** Starts Chromium with the editor page; close() ends it and removes its profile. */
export async function openEditor() {
  const files = await bundlePage();
  const userDataDir = mkdtempSync(join(tmpdir(), 'render-pictures-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1500, height: 900 },
      deviceScaleFactor: 1
    });
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
  context.setDefaultTimeout(60_000);
  await context.route('**/*', route => {
    const url = new URL(route.request().url());
    const file = url.origin === ORIGIN && files[url.pathname];
    return file ? route.fulfill({ status: 200, contentType: file.type, body: file.body }) : route.abort();
  });

  /**
   * @param picture {template, xml, taskId?, openAll?, openAllIfMultiInstance?}: see page/editor.js
   * @return {{report: Object, png: Buffer}} what the panel showed, and the screenshot
   */
  async function render(picture) {
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', error => pageErrors.push(error.message));
    try {
      await page.goto(`${ORIGIN}/`);
      await page.waitForFunction(() => window.editorReady === true);
      const report = await page.evaluate(input => window.show(input), {
        template: picture.template,
        xml: picture.xml,
        taskId: picture.taskId,
        openAll: !!picture.openAll,
        openAllIfMultiInstance: !!picture.openAllIfMultiInstance
      });
      report.problems.push(...pageErrors.map(e => `the page failed: ${e}`));
      // the settled panel: web fonts loaded, CSS transitions (a group opening) run to their end
      await page.evaluate(() => document.fonts.ready);
      const screenshot = await page.screenshot({ fullPage: true, animations: 'disabled' });
      // A palette of at most 256 colours keeps a picture near 60 KB instead of 200 KB.
      const png = await sharp(screenshot).png({ palette: true, quality: 90, effort: 10, compressionLevel: 9 }).toBuffer();
      return { report, png };
    } finally {
      await page.close();
    }
  }

  async function close() {
    await context.close().catch(() => {});
    rmSync(userDataDir, { recursive: true, force: true });
  }

  return { render, close };
}
