// Renders the real template and an example, and broken variants of them, in the editor, and
// checks that exactly the broken ones are refused. Needs Chromium like render-pictures.mjs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openEditor } from '../editor-in-chromium.mjs';
import { findings } from '../picture-findings.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = join(HERE, '..', '..', '..');
const TEMPLATE = JSON.parse(readFileSync(join(REPO, 'element-templates', 'wasend-revoke-group-invite-link.json'), 'utf8'));
const EXAMPLE = readFileSync(join(REPO, 'bpmn-examples', 'rotate-invite-link-on-leak.bpmn'), 'utf8');
const BLANK_TASK = readFileSync(join(HERE, '..', 'blank-task.bpmn'), 'utf8');
const onBlankTask = template => ({ template, xml: BLANK_TASK, taskId: 'RevokeInviteLink' });

let editor;
before(async () => { editor = await openEditor(); });
after(async () => { await editor?.close(); });

async function check(picture) {
  const { report } = await editor.render(picture);
  return { report, found: findings(picture, report) };
}

test('the committed example is accepted', async () => {
  const { report, found } = await check({ template: TEMPLATE, xml: EXAMPLE });
  assert.deepEqual(found, []);
  assert.equal(report.status, 'Applied');
});

test('the template on a blank task is accepted although its required fields are empty', async () => {
  const { report, found } = await check(onBlankTask(TEMPLATE));
  assert.deepEqual(found, []);
  assert.ok(report.fieldErrors.some(e => /must not be empty/.test(e.message)), JSON.stringify(report.fieldErrors));
});

test('an example whose task names a template version that does not exist is refused', async () => {
  const xml = EXAMPLE.replace(/zeebe:modelerTemplateVersion="\d+"/, 'zeebe:modelerTemplateVersion="999"');
  const { found } = await check({ template: TEMPLATE, xml });
  assert.ok(found.some(f => f.includes('is not applied')), found.join('\n'));
});

test('an example with an empty required field is refused', async () => {
  const xml = EXAMPLE.replace(/(<zeebe:input source=")[^"]*(" target="sessionId")/, '$1$2');
  assert.notEqual(xml, EXAMPLE, 'the example no longer maps sessionId: update this test');
  const { found } = await check({ template: TEMPLATE, xml });
  assert.ok(found.some(f => f.includes('Session ID must not be empty')), found.join('\n'));
});

test('a template Modeler rejects is refused', async () => {
  const broken = structuredClone(TEMPLATE);
  broken.properties[0].binding = { type: 'no-such-binding' };
  const { found } = await check(onBlankTask(broken));
  assert.ok(found.some(f => f.startsWith('the template does not load')), found.join('\n'));
});

test('a template Modeler would not offer for the diagram engine version is refused', async () => {
  const future = { ...TEMPLATE, engines: { camunda: '^99.0' } };
  const { found } = await check(onBlankTask(future));
  assert.ok(found.some(f => f.includes('would not offer')), found.join('\n'));
});
