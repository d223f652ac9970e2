// Decides whether a rendered picture may go into the documentation.

/**
 * @param picture {template, taskId?}: taskId set means the template was applied to a fresh task
 * @param report  what page/editor.js show() returned
 * @return {string[]} why the picture is refused; empty when it may be used
 */
export function findings(picture, report) {
  const found = [ ...report.problems ];
  found.push(...report.templateErrors.map(e => `the template does not load: ${e}`));
  const { id, version } = picture.template;
  if (!report.applied || report.applied.id !== id || report.applied.version !== version) {
    found.push(`template ${id} version ${version} is not applied to the task (applied: ${JSON.stringify(report.applied)})`);
  }
  if (report.applied && report.status !== 'Applied') {
    found.push(`the panel's Template group says "${report.status}", not "Applied"`);
  }
  // On a fresh task a required field without a default is empty, and the panel and the linter
  // say so: that is what a user sees after applying the template, so the picture may show it.
  const expected = new Set(picture.taskId
    ? (picture.template.properties || [])
      .filter(p => p.constraints?.notEmpty && p.value === undefined && p.label)
      .map(p => `${p.label} must not be empty.`)
    : []);
  found.push(...report.fieldErrors.filter(e => !expected.has(e.message))
    .map(e => `the panel shows "${e.message}" in ${e.group}`));
  found.push(...report.lint.filter(l => !expected.has(l.message))
    .map(l => `Modeler's linter (${l.rule}) reports "${l.message}"`));
  return found;
}
