#!/usr/bin/env node
// Re-creates the pictures of the template and the examples in docs/images/ and the checksum
// manifests PicturesAreCurrentTest reads (bulk-rotation-pacing.png is the benchmark's chart).
// Run it through tools/render-pictures.sh, which installs the dependencies first.
//
// Pictures, each the canvas plus the properties panel of a real bpmn-js editor in headless Chromium:
// - template-properties.png: the element template applied to the plain task of blank-task.bpmn,
//   every panel group open; template-properties-collapsed.png: the same panel as it opens;
// - template-properties-hybrid.png: the same for element-templates/hybrid/*.json, when it exists;
// - example-<name>.png for each bpmn-examples/<name>.bpmn: its task that uses the template,
//   selected, with the template's groups open (every group for a multi-instance task, so the loop
//   settings show).
// A picture is refused, and nothing in docs/images/ changes, when the template does not load or
// apply, or the panel or Modeler's linter reports a problem. The one exception: on the blank task,
// a required field without a default is empty, and the panel says "<label> must not be empty."
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, openEditor } from './editor-in-chromium.mjs';
import { findings } from './picture-findings.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = join(HERE, '..', '..');
const IMAGES = join(REPO, 'docs', 'images');
const TEMPLATE = join(REPO, 'element-templates', 'wasend-revoke-group-invite-link.json');
const HYBRID_DIR = join(REPO, 'element-templates', 'hybrid');
const EXAMPLES_DIR = join(REPO, 'bpmn-examples');
const BLANK_TASK = join(HERE, 'blank-task.bpmn');
const BLANK_TASK_ID = 'RevokeInviteLink';

const TIME_LIMIT_MS = 10 * 60 * 1000;

const repoPath = file => relative(REPO, file).split('\\').join('/');
const sha256 = file => createHash('sha256').update(readFileSync(file)).digest('hex');
const readJson = file => JSON.parse(readFileSync(file, 'utf8'));

// One line per source, as `sha256sum` writes it: PicturesAreCurrentTest compares them.
const manifest = files => files.map(file => `${sha256(file)}  ${repoPath(file)}\n`).join('');

function plan() {
  const template = readJson(TEMPLATE);
  const examples = readdirSync(EXAMPLES_DIR).filter(name => name.endsWith('.bpmn')).sort()
    .map(name => join(EXAMPLES_DIR, name));
  const pictures = [
    { name: 'template-properties', template, diagram: BLANK_TASK, taskId: BLANK_TASK_ID, openAll: true },
    { name: 'template-properties-collapsed', template, diagram: BLANK_TASK, taskId: BLANK_TASK_ID },
    ...examples.map(diagram => ({
      name: `example-${diagram.slice(EXAMPLES_DIR.length + 1, -'.bpmn'.length)}`,
      template, diagram, openAllIfMultiInstance: true
    }))
  ];
  const manifests = {
    'template-properties.sha256': manifest([ TEMPLATE, BLANK_TASK ]),
    'examples.sha256': manifest([ TEMPLATE, ...examples ])
  };

  const hybrids = existsSync(HYBRID_DIR)
    ? readdirSync(HYBRID_DIR).filter(name => name.endsWith('.json')).sort().map(name => join(HYBRID_DIR, name))
    : [];
  if (hybrids.length > 1) {
    throw new Error(`${repoPath(HYBRID_DIR)} holds ${hybrids.length} templates; there is one picture for one hybrid template`);
  }
  if (hybrids.length) {
    pictures.push({ name: 'template-properties-hybrid', template: readJson(hybrids[0]), diagram: BLANK_TASK, taskId: BLANK_TASK_ID });
    manifests['template-properties-hybrid.sha256'] = manifest([ hybrids[0], BLANK_TASK ]);
  }
  return { pictures, manifests, hybrid: hybrids.length > 0 };
}

async function main() {
  const started = Date.now();
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium package or set CHROMIUM_PATH`);
  }
  const { pictures, manifests, hybrid } = plan();
  const editor = await openEditor();
  const rendered = [];
  let refused = 0;
  try {
    for (const picture of pictures) {
      const { report, png } = await editor.render({ ...picture, xml: readFileSync(picture.diagram, 'utf8') });
      const found = findings(picture, report);
      const label = `docs/images/${picture.name}.png (${repoPath(picture.diagram)}, task ${report.task?.id ?? '?'})`;
      if (found.length) {
        refused++;
        console.error(`REFUSED ${label}:\n${found.map(f => `  - ${f}`).join('\n')}`);
      } else {
        rendered.push({ picture, png });
        console.log(`ok      ${label}: ${picture.template.id} version ${picture.template.version}, ${png.length} bytes`);
      }
    }
  } finally {
    await editor.close();
  }
  if (refused) {
    throw new Error(`${refused} picture(s) refused, docs/images/ is unchanged: fix the findings above and run again`);
  }

  for (const { picture, png } of rendered) writeFileSync(join(IMAGES, `${picture.name}.png`), png);
  for (const [ name, text ] of Object.entries(manifests)) writeFileSync(join(IMAGES, name), text);
  if (!hybrid) {
    // no hybrid template (any more): no picture of it either
    for (const name of [ 'template-properties-hybrid.png', 'template-properties-hybrid.sha256' ]) {
      rmSync(join(IMAGES, name), { force: true });
    }
  }
  console.log(`wrote ${rendered.length} pictures and ${Object.keys(manifests).length} manifests to docs/images/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

setTimeout(() => {
  console.error(`render-pictures: gave up after ${TIME_LIMIT_MS / 1000} s`);
  process.exit(1);
}, TIME_LIMIT_MS).unref();

main().catch(error => {
  console.error(`render-pictures: ${error.message}`);
  process.exit(1);
});
