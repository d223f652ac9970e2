// The page Chromium shows: a Camunda 8 BPMN editor built from the parts Camunda Modeler's own
// editor uses (bpmn-js, its properties panel with the Zeebe providers, the cloud element
// templates module and the camunda-cloud behaviours). render-pictures.mjs bundles this file and
// calls window.show() once per picture; show() reports what a user would see, so the caller can
// refuse a picture of a template that did not apply or of a panel with errors.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'bpmn-js-element-templates/dist/assets/element-templates.css';

import BpmnModeler from 'bpmn-js/lib/Modeler';
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  ZeebePropertiesProviderModule
} from 'bpmn-js-properties-panel';
import {
  CloudElementTemplatesPropertiesProviderModule,
  CloudElementTemplatesLinterPlugin
} from 'bpmn-js-element-templates';
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import modelerModdle from 'modeler-moddle/resources/modeler.json';
import { Linter } from 'bpmnlint';

const TEMPLATE_GROUP = 'group-ElementTemplates__';

const pause = ms => new Promise(resolve => setTimeout(resolve, ms));
const textOf = node => (node ? node.textContent.replace(/\s+/g, ' ').trim() : '');
const describe = e => (typeof e === 'string' ? e : (e && e.message) || String(e));

// Resolves true once the panel has drawn `element`, false after `ms`.
function panelShows(eventBus, element, ms) {
  return new Promise(resolve => {
    const finish = shown => {
      eventBus.off('propertiesPanel.updated', listener);
      clearTimeout(timer);
      resolve(shown);
    };
    const listener = event => event.element === element && finish(true);
    const timer = setTimeout(() => finish(false), ms);
    eventBus.on('propertiesPanel.updated', listener);
  });
}

// Opens the closed groups: all of them, or only the template's own groups. Opening a group can
// reveal nested groups, hence the rounds.
async function openGroups(all) {
  for (let round = 0; round < 5; round++) {
    const closed = [ ...document.querySelectorAll('#panel .bio-properties-panel-group-header:not(.open)') ]
      .filter(header => all || (header.closest('.bio-properties-panel-group')
        .getAttribute('data-group-id') || '').startsWith(TEMPLATE_GROUP));
    if (!closed.length) return;
    closed.forEach(header => header.click());
    await pause(150);
  }
}

// The error lines the panel shows under its fields, with the group each one is in.
function fieldErrors() {
  return [ ...document.querySelectorAll('#panel .bio-properties-panel-error') ]
    .map(node => ({ group: textOf(node.closest('.bio-properties-panel-group')
      ?.querySelector('.bio-properties-panel-group-header-title')), message: textOf(node) }))
    .filter(error => error.message);
}

/**
 * Loads one diagram and one template the way Camunda Modeler does, selects the task and opens
 * the panel's groups.
 *
 * @param {Object}  input
 * @param {Object}  input.template  the element template
 * @param {string}  input.xml       the diagram
 * @param {string}  [input.taskId]  apply the template to this task; without it, the first task
 *                                  linked to the template is shown
 * @param {boolean} input.openAll   open every group, not only the template's
 * @param {boolean} input.openAllIfMultiInstance  open every group when the task is multi-instance,
 *                                  so its loop settings show
 */
window.show = async function show({ template, xml, taskId, openAll, openAllIfMultiInstance }) {
  const report = { problems: [], templateErrors: [], applied: null, status: null, task: null, fieldErrors: [], lint: [] };

  const modeler = new BpmnModeler({
    container: '#canvas',
    propertiesPanel: { parent: '#panel' },
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      ZeebePropertiesProviderModule,
      CloudElementTemplatesPropertiesProviderModule,
      ZeebeBehaviorsModule
    ],
    moddleExtensions: { zeebe: zeebeModdle, modeler: modelerModdle }
  });
  const eventBus = modeler.get('eventBus');
  eventBus.on('elementTemplates.errors', ({ errors }) => report.templateErrors.push(...errors.map(describe)));

  try {
    await modeler.importXML(xml);
  } catch (e) {
    report.problems.push(`the diagram does not load: ${describe(e)}`);
    return report;
  }
  modeler.get('canvas').zoom('fit-viewport', 'auto');

  // Modeler offers a template only to diagrams whose engine version its `engines` range allows.
  const elementTemplates = modeler.get('elementTemplates');
  const engineVersion = modeler.getDefinitions().get('modeler:executionPlatformVersion');
  if (engineVersion) elementTemplates.setEngines({ ...elementTemplates.getEngines(), camunda: engineVersion });
  modeler.get('elementTemplatesLoader').setTemplates([ template ]);

  const registry = modeler.get('elementRegistry');
  let task = taskId
    ? registry.get(taskId)
    : registry.find(e => !e.labelTarget && e.businessObject.get?.('zeebe:modelerTemplate') === template.id);
  if (!task) {
    report.problems.push(taskId ? `no element <${taskId}> in the diagram` : `no task in the diagram uses template <${template.id}>`);
    return report;
  }
  if (taskId) {
    const offered = (elementTemplates.getLatest(template.id) || [])[0];
    if (!offered) {
      report.problems.push(`Modeler would not offer template <${template.id}> for engine ${engineVersion}`);
      return report;
    }
    task = elementTemplates.applyTemplate(task, offered);
  }
  const applied = elementTemplates.get(task);
  report.applied = applied ? { id: applied.id, version: applied.version ?? null } : null;
  report.task = { id: task.id, multiInstance: !!task.businessObject.loopCharacteristics };

  // The panel subscribes to selection changes in an effect that may not have run yet: retry.
  let shown = false;
  for (let attempt = 0; attempt < 3 && !shown; attempt++) {
    const drawn = panelShows(eventBus, task, 3000);
    modeler.get('selection').select(null);
    modeler.get('selection').select(task);
    shown = await drawn;
  }
  if (!shown) report.problems.push('the properties panel did not show the task');
  await pause(300);
  await openGroups(openAll || (openAllIfMultiInstance && report.task.multiInstance));
  await pause(300);

  report.status = textOf(document.querySelector(`#panel [data-group-id="${TEMPLATE_GROUP}Template"] .bio-properties-panel-group-header-buttons button`)) || null;
  report.fieldErrors = fieldErrors();

  // What Modeler's Problems panel would list for the template's constraints.
  const plugin = CloudElementTemplatesLinterPlugin([ template ]);
  const linted = await new Linter({ config: plugin.config, resolver: plugin.resolver }).lint(modeler.getDefinitions());
  for (const [ rule, findings ] of Object.entries(linted)) {
    findings.forEach(f => report.lint.push({ rule, id: f.id, message: f.message }));
  }
  return report;
};

window.editorReady = true;
