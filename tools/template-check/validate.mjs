#!/usr/bin/env node
// Offline check of the Camunda 8 (Zeebe) element templates of this repository.
//
//   node tools/template-check/validate.mjs [PATH...] [--allow-warnings]
//   node tools/template-check/validate.mjs --self-test [PATH...]
//
// PATH: a *.json file or a folder (searched recursively, node_modules skipped). Relative
// paths resolve against the repository root (two levels above this script), so the result
// does not depend on the working directory. Default: element-templates/
//
// Checks, per file:
//   1. JSON syntax (with line and column).
//   2. @bpmn-io/element-templates-validator validateZeebe(), the validator Camunda Modeler
//      uses. Its deprecation warnings fail the run too, unless --allow-warnings.
//   3. What Camunda Modeler checks when it loads a template and the validator does not:
//      - $schema must reference @camunda/zeebe-element-templates-json-schema (Modeler
//        silently ignores any other template in a Camunda 8 diagram), and a version pinned
//        in $schema must not be newer than the schema the validator supports;
//      - id and version must be present (version: an integer);
//      - id + version must be unique across all checked files;
//      - keywords under metadata must also be top-level keywords, which Modeler's search reads
//        (not checked for the published versions under versioned/).
//
// --self-test validates broken in-memory variants of the real template (and one minimal
// valid template) and fails if a broken variant is not rejected, or the valid one is.
//
// Exit code: 0 = everything passed, 1 = problems found (or self-test failed), 2 = usage error.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  getZeebeSchemaPackage,
  getZeebeSchemaVersion,
  validateZeebe
} from '@bpmn-io/element-templates-validator';

const SCRIPT_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(SCRIPT_DIR, '..', '..');
const DEFAULT_PATHS = [ 'element-templates' ];
const SCHEMA_PACKAGE = getZeebeSchemaPackage(); // @camunda/zeebe-element-templates-json-schema
const SCHEMA_VERSION = getZeebeSchemaVersion(); // what this validator release supports

// ---------------------------------------------------------------------------------------
// command line

const USAGE = 'usage: node validate.mjs [PATH...] [--allow-warnings] [--self-test]';
const args = process.argv.slice(2);
const options = { allowWarnings: false, selfTest: false };
const positionals = [];
for (const a of args) {
  if (a === '--allow-warnings') options.allowWarnings = true;
  else if (a === '--self-test') options.selfTest = true;
  else if (a === '--help' || a === '-h') { console.log(USAGE); process.exit(0); }
  else if (a.startsWith('-')) { console.error(`template-check: unknown option ${a}\n${USAGE}`); process.exit(2); }
  else positionals.push(a);
}

// ---------------------------------------------------------------------------------------
// checks

/**
 * @typedef {{ severity: 'error'|'warning', file: string, line?: number, path: string,
 *             message: string, check: string }} Problem
 * @typedef {{ file: string, index: number|null, id: any, version: any }} TemplateRef
 */

function lineOf(pointer) {
  const pos = pointer && (pointer.key || pointer.value);
  return pos ? pos.line + 1 : undefined;
}

/** JSON pointer lookup ("/properties/11/value") */
function at(data, pointer) {
  if (!pointer) return data;
  return pointer.split('/').slice(1)
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((o, k) => (o === null || o === undefined ? undefined : o[k]), data);
}

function describeError(e) {
  let message = e.message;
  const p = e.params || {};
  if (e.keyword === 'enum' && p.allowedValues) message += `: ${JSON.stringify(p.allowedValues)}`;
  if (e.keyword === 'const' && 'allowedValue' in p) message += `: ${JSON.stringify(p.allowedValue)}`;
  if (e.keyword === 'additionalProperties' && p.additionalProperty) message += `: ${JSON.stringify(p.additionalProperty)}`;
  return message;
}

/**
 * validateZeebe() pushes the warning of a `deprecated` keyword whenever it evaluates the
 * subschema, even when the subschema does not match. The schema (0.46.0) marks a `value`
 * of a `feel: required` property deprecated only if it does NOT start with "=", but the
 * validator warns for every such value. Drop the warning when the value starts with "=".
 */
function isFalsePositiveWarning(w, data) {
  if (!/\/allOf\/9\/then\/properties\/value\/oneOf\/1\/deprecated$/.test(w.schemaPath || '')) return false;
  const value = at(data, w.instancePath);
  return typeof value === 'string' && value.startsWith('=');
}

/** Validate the text of one file. @return {{ problems: Problem[], templates: TemplateRef[] }} */
export function checkText(text, file) {
  const problems = [];
  const templates = [];
  const add = (severity, check, path, message, line) => problems.push({ severity, file, line, path, message, check });
  // "/properties/4..." -> ' (property "baseUrl")', to find the annotation behind a generated template
  const propertyHint = (data, path) => {
    const m = /^((?:\/\d+)?\/properties\/\d+)(?:\/|$)/.exec(path || '');
    const prop = m && at(data, m[1]);
    const name = prop && (prop.id || prop.label || (prop.binding && (prop.binding.name || prop.binding.key || prop.binding.property)));
    return name ? ` (property ${JSON.stringify(name)})` : '';
  };

  // 1. JSON syntax
  let data;
  try {
    data = JSON.parse(text);
  } catch (e) {
    let where = '';
    const m = /position (\d+)/.exec(e.message);
    if (m) {
      const before = text.slice(0, Number(m[1])).split('\n');
      where = ` (line ${before.length}, column ${before[before.length - 1].length + 1})`;
    }
    add('error', 'json', '', `invalid JSON: ${e.message}${where}`);
    return { problems, templates };
  }

  // 2. validateZeebe()
  const result = validateZeebe(text);
  const isArray = Array.isArray(data);
  for (const e of result.errors || []) {
    if (e instanceof Error) { add('error', 'validateZeebe', '', e.message); continue; }
    const sp = e.schemaPath || '';
    // the root schema is oneOf [ template, template[] ]: drop the branch that does not apply
    if (sp === '#/oneOf') continue;
    if (!isArray && sp.startsWith('#/oneOf/1/')) continue;
    if (isArray && e.instancePath === '' && sp === '#/type') continue;
    add('error', 'validateZeebe', e.instancePath || '', `${describeError(e)}${propertyHint(data, e.instancePath)} [${e.keyword}]`, lineOf(e.dataPointer));
  }
  for (const w of result.warnings || []) {
    if (isFalsePositiveWarning(w, data)) continue;
    add('warning', 'validateZeebe', w.instancePath || '', `${w.message}${propertyHint(data, w.instancePath)} [${w.keyword}]`, lineOf(w.dataPointer));
  }

  // 3. what Camunda Modeler checks on load
  const list = isArray ? data : [ data ];
  list.forEach((t, i) => {
    const prefix = isArray ? `/${i}` : '';
    if (!t || typeof t !== 'object' || Array.isArray(t)) {
      add('error', 'modeler', prefix, 'template must be an object');
      return;
    }
    const s = t.$schema;
    if (s === undefined) {
      add('error', 'modeler', `${prefix}/$schema`, `missing $schema: Camunda Modeler ignores the template; it must reference ${SCHEMA_PACKAGE}`);
    } else if (typeof s !== 'string' || !s.includes(SCHEMA_PACKAGE)) {
      add('error', 'modeler', `${prefix}/$schema`, `$schema ${JSON.stringify(s)} does not reference ${SCHEMA_PACKAGE}: Camunda Modeler silently ignores the template in Camunda 8 diagrams`);
    } else {
      const pinned = (s.match(/\d+\.\d+\.\d+/) || [])[0];
      if (pinned && compareSemver(pinned, SCHEMA_VERSION) > 0) {
        add('error', 'modeler', `${prefix}/$schema`, `$schema pins ${SCHEMA_PACKAGE}@${pinned}, newer than the supported ${SCHEMA_VERSION}: Modeler rejects the template ("unsupported element template schema version")`);
      }
    }
    if (typeof t.id !== 'string' || t.id.trim() === '') {
      add('error', 'modeler', `${prefix}/id`, 'missing or empty template id');
    }
    if (t.version === undefined || t.version === null) {
      add('error', 'modeler', `${prefix}/version`, 'missing template version (required here: templates are told apart by id + version)');
    } else if (!Number.isInteger(t.version)) {
      add('error', 'modeler', `${prefix}/version`, `version must be an integer, got ${JSON.stringify(t.version)}`);
    }
    // Modeler's search reads the top-level keywords; metadata is custom data it never searches.
    // Published versions under versioned/ stay as they were published.
    const metaKeywords = t.metadata && Array.isArray(t.metadata.keywords) && t.metadata.keywords.length > 0;
    if (metaKeywords && !Array.isArray(t.keywords) && !isVersioned(file)) {
      add('error', 'modeler', `${prefix}/keywords`, 'keywords only under metadata.keywords: Modeler\'s search does not see them; copy them to the top-level keywords');
    }
    if (t.engines && typeof t.engines === 'object') {
      for (const [ engine, range ] of Object.entries(t.engines)) {
        if (typeof range !== 'string' || !isSemverRange(range)) {
          add('error', 'modeler', `${prefix}/engines/${engine}`, `engine <${engine}> specifies an invalid semver range ${JSON.stringify(range)}`);
        }
      }
    }
    templates.push({ file, index: isArray ? i : null, id: t.id, version: t.version });
  });

  return { problems, templates };
}

/** id + version must be unique across all files (Modeler: "template id <x> and version <v> already used") */
export function checkUnique(templates) {
  const problems = [];
  const seen = new Map();
  for (const t of templates) {
    if (typeof t.id !== 'string' || t.id === '') continue;
    const key = `${t.id}\u0000${t.version ?? '_'}`;
    const where = `${t.file}${t.index === null ? '' : ` /${t.index}`}`;
    if (seen.has(key)) {
      problems.push({
        severity: 'error', file: t.file, path: t.index === null ? '/id' : `/${t.index}/id`, check: 'modeler',
        message: `template id <${t.id}> and version <${t.version ?? '(none)'}> already used in ${seen.get(key)}`
      });
    } else {
      seen.set(key, where);
    }
  }
  return problems;
}

/** A published earlier version (element-templates/versioned/), kept byte for byte as published. */
function isVersioned(file) {
  return /(^|[\\/])versioned[\\/]/.test(file);
}

function compareSemver(a, b) {
  const pa = a.split('.').map(Number), pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

/** A lenient check of an npm-style semver range (^8.8, >=8.6 <9, 8.x || 9.x, 8.6.0 - 8.8.0, *) */
function isSemverRange(range) {
  const partial = '[vV=]?(?:\\d+|[xX*])(?:\\.(?:\\d+|[xX*])){0,2}(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?';
  const comparator = new RegExp(`^(?:\\^|~>?|[<>]=?|=)?\\s*${partial}$`);
  const hyphen = new RegExp(`^${partial}\\s+-\\s+${partial}$`);
  return range.trim() === '' || range.split('||').every(set => {
    set = set.trim();
    if (set === '' || hyphen.test(set)) return true;
    return set.replace(/([<>]=?|=|\^|~>?)\s+/g, '$1').split(/\s+/).every(c => comparator.test(c));
  });
}

/** Run all checks on [{ file, text }] */
export function checkAll(inputs) {
  const problems = [];
  const templates = [];
  for (const { file, text } of inputs) {
    const r = checkText(text, file);
    problems.push(...r.problems);
    templates.push(...r.templates);
  }
  problems.push(...checkUnique(templates));
  return { problems, templates };
}

// ---------------------------------------------------------------------------------------
// files

function collectFiles(paths) {
  const files = [];
  const missing = [];
  const walk = dir => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) { if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(p); }
      else if (entry.name.endsWith('.json')) files.push(p);
    }
  };
  for (const p of paths) {
    const abs = isAbsolute(p) ? p : resolve(REPO_ROOT, p);
    if (!existsSync(abs)) missing.push(p);
    else if (statSync(abs).isDirectory()) walk(abs);
    else files.push(abs);
  }
  return { files: [ ...new Set(files) ], missing };
}

const display = abs => {
  const r = relative(REPO_ROOT, abs);
  return r.startsWith('..') ? abs : r;
};

function formatProblem(p, allowWarnings) {
  const tag = p.severity === 'error' ? 'ERROR' : (allowWarnings ? 'WARN ' : 'ERROR (warning)');
  return `${tag} ${p.file}${p.line ? `:${p.line}` : ''} ${p.path === '' ? '(root)' : p.path}: ${p.message} {${p.check}}`;
}

// ---------------------------------------------------------------------------------------
// self-test

function selfTest(baseFile, baseText) {
  const base = JSON.parse(baseText);
  if (!base || typeof base !== 'object' || Array.isArray(base)) {
    throw new Error(`${baseFile}: the self-test needs a file holding a single template object`);
  }
  const clone = () => structuredClone(base);
  const json = o => JSON.stringify(o, null, 2);
  const firstBindingIndex = base.properties.findIndex(p => p && p.binding && p.binding.type);
  const key = p => `${p.severity}|${p.path}|${p.message}`;
  const baseline = new Set(checkAll([ { file: baseFile, text: json(base) } ]).problems.map(key));

  const variant = (name, expect, mutate) => {
    const t = clone();
    const r = mutate(t);
    return { name, expect, inputs: [ { file: `${baseFile} <${name}>`, text: r === undefined ? json(t) : r } ] };
  };
  const cases = [
    variant('missing id', 'error', t => { delete t.id; }),
    variant('unknown binding type', 'error', t => { t.properties[firstBindingIndex].binding.type = 'zeebe:unknownBinding'; }),
    variant('wrong $schema (Camunda 7 schema)', 'error', t => { t.$schema = 'https://unpkg.com/@camunda/element-templates-json-schema/resources/schema.json'; }),
    variant('missing $schema', 'error', t => { delete t.$schema; }),
    variant('$schema pins a newer schema version', 'error', t => { t.$schema = `https://unpkg.com/${SCHEMA_PACKAGE}@99.0.0/resources/schema.json`; }),
    variant('missing version', 'error', t => { delete t.version; }),
    variant('invalid JSON text (a comma removed)', 'error', () => json(base).replace(/,(\s*")/, '$1')),
    variant('invalid engines range', 'error', t => { t.engines = { camunda: 'eight point eight' }; }),
    variant('keywords only under metadata (Modeler search misses them)', 'error', t => { delete t.keywords; t.metadata = { keywords: [ 'self-test' ] }; }),
    variant('deprecated optional zeebe:input (a warning, fails without --allow-warnings)', 'warning', t => {
      t.properties.push({ label: 'Self-test', type: 'String', optional: true, binding: { type: 'zeebe:input', name: 'selfTestInput' } });
    }),
    variant('feel: required value without "=" (a real deprecation, not the filtered false positive)', 'warning', t => {
      t.properties.push({ label: 'Self-test', type: 'Text', feel: 'required', value: 'no equals sign', binding: { type: 'zeebe:taskHeader', key: 'selfTestHeader' } });
    }),
    { name: 'same id and version in two files', expect: 'error', inputs: [
      { file: `${baseFile} <copy 1>`, text: json(base) }, { file: `${baseFile} <copy 2>`, text: json(base) } ] }
  ];

  let failures = 0;
  for (const c of cases) {
    const fresh = checkAll(c.inputs).problems
      // duplicates are new by construction; everything else must not be in the baseline
      .filter(p => c.name.startsWith('same id') ? /already used/.test(p.message) : !baseline.has(key(p)));
    const hit = fresh.find(p => p.severity === c.expect);
    if (hit) {
      console.log(`self-test ok:   rejected "${c.name}": ${hit.severity.toUpperCase()} ${hit.path || '(root)'}: ${hit.message}`);
    } else {
      failures++;
      console.log(`self-test FAIL: not rejected "${c.name}" (expected a new ${c.expect})`);
    }
  }

  // control: the check must be able to pass
  const minimal = {
    $schema: `https://unpkg.com/${SCHEMA_PACKAGE}/resources/schema.json`,
    name: 'Self-test minimal template', id: 'template-check.self-test.minimal', version: 1,
    appliesTo: [ 'bpmn:Task' ], elementType: { value: 'bpmn:ServiceTask' }, engines: { camunda: '^8.8' },
    properties: [ { type: 'Hidden', value: 'self-test:1', binding: { type: 'zeebe:taskDefinition', property: 'type' } } ]
  };
  const control = checkAll([ { file: '<minimal valid template>', text: json(minimal) } ]).problems;
  if (control.length) {
    failures++;
    console.log('self-test FAIL: a minimal valid template was rejected:');
    control.forEach(p => console.log(`  ${formatProblem(p, false)}`));
  } else {
    console.log('self-test ok:   accepted a minimal valid template');
  }

  console.log(`template-check --self-test: ${cases.length + 1} cases, ${failures} failures`);
  return failures === 0;
}

// ---------------------------------------------------------------------------------------
// main

const { files, missing } = collectFiles(positionals.length ? positionals : DEFAULT_PATHS);
for (const m of missing) console.log(`ERROR ${m}: no such file or folder`);
if (!files.length) {
  console.log(`ERROR no *.json template files found under ${(positionals.length ? positionals : DEFAULT_PATHS).join(', ')} (relative to ${REPO_ROOT})`);
  console.log(`template-check: 0 files, ${missing.length + 1} errors`);
  process.exit(1);
}
const inputs = files.map(f => ({ file: display(f), text: readFileSync(f, 'utf8') }));

if (options.selfTest) {
  // mutate a current template, not a published earlier version
  const base = inputs.filter(i => !isVersioned(i.file)).find(i => { try { const d = JSON.parse(i.text); return d && !Array.isArray(d) && typeof d === 'object'; } catch { return false; } });
  if (!base) {
    console.log('template-check --self-test: no file with a single template object to mutate');
    process.exit(1);
  }
  console.log(`template-check --self-test: mutating ${base.file} (validator @bpmn-io/element-templates-validator, schema ${SCHEMA_PACKAGE}@${SCHEMA_VERSION})`);
  process.exit(selfTest(base.file, base.text) && missing.length === 0 ? 0 : 1);
}

const { problems, templates } = checkAll(inputs);
problems.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
for (const p of problems) console.log(formatProblem(p, options.allowWarnings));

const errors = problems.filter(p => p.severity === 'error').length + missing.length;
const warnings = problems.filter(p => p.severity === 'warning').length;
const failed = errors + (options.allowWarnings ? 0 : warnings);
const templateNames = templates.filter(t => t.id).map(t => `${t.id}@${t.version}`);
let summary = `template-check: ${files.length} files, ${failed} errors`;
if (warnings) {
  summary += options.allowWarnings
    ? `, ${warnings} warnings (allowed)`
    : ` (${warnings} of them deprecation warnings; --allow-warnings accepts those)`;
}
console.log(`checked: ${templateNames.join(', ') || '(no template ids)'}`);
console.log(summary);
process.exit(failed ? 1 : 0);
