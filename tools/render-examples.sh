#!/usr/bin/env bash
# Re-creates docs/images/example-<name>.png for every diagram in bpmn-examples/: the canvas and the
# properties panel with the connector task selected, rendered in a real bpmn-js Modeler in headless
# Chromium. Fails if a render does not apply the template, reports problems or template errors, or
# has lint findings (e.g. an empty required field).
#
#   tools/render-examples.sh [MODELER_CHECK_DIR]        (or: MODELER_CHECK_DIR=... tools/render-examples.sh)
#
# MODELER_CHECK_DIR: a writable copy of the modeler-check tool with its dependencies installed:
#   cp -r /work/shared/tools/modeler-check /tmp/modeler-check && (cd /tmp/modeler-check && npm ci)
#   apt-get install -y chromium        # render.mjs starts /usr/bin/chromium (or $CHROMIUM_PATH)
# Optional: TEMPLATE=path/to/template.json (default: element-templates/wasend-revoke-group-invite-link.json).
# If pngquant is installed, the PNGs are quantized to keep the repository small.
# Exit code: 0 = every render is clean; 1 = a render has findings; otherwise the render.mjs exit code
# (3 = template did not apply) or 2 (usage).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/render-common.sh"
examples="$repo/bpmn-examples"

# diagram stem, connector task id, extra render.mjs args
examples_list=(
  "rotate-invite-link-on-leak RevokeInviteLink"
  "scheduled-invite-link-rotation RevokeInviteLink"
  "bulk-invite-link-rotation RevokeInviteLinks --expand-all"   # also shows the multi-instance group
  "invite-link-error-handling RevokeInviteLink"
)

failed=0
for entry in "${examples_list[@]}"; do
  read -r stem element extra <<<"$entry"
  name="example-$stem"
  rc=0
  # shellcheck disable=SC2086
  (cd "$mc" && node render.mjs "$template" "$examples/$stem.bpmn" "$work/$name.png" "$element" $extra >"$work/$name.json") || rc=$?
  clean=0
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const lint = (r.lint || []).map(l => l.message || JSON.stringify(l));
    console.log(`${process.argv[2]}: ok=${r.ok} element=${r.element && r.element.id} template=${r.templateApplied && r.templateApplied.id}@${r.templateApplied && r.templateApplied.version}` +
      ` problems=${JSON.stringify(r.problems || [])} templateErrors=${JSON.stringify(r.templateErrors || [])} lint=${JSON.stringify(lint)}`);
    const clean = r.ok === true && !(r.problems || []).length && !(r.templateErrors || []).length && !lint.length;
    process.exit(clean ? 0 : 1);
  ' "$work/$name.json" "$stem" || clean=$?
  if [[ $rc -ne 0 ]]; then
    echo "render.mjs failed for $stem (exit $rc); report:" >&2
    cat "$work/$name.json" >&2 || true
    failed=$rc
    continue
  fi
  if [[ $clean -ne 0 ]]; then
    echo "$stem: the render has findings (see above)" >&2
    [[ $failed -ne 0 ]] || failed=1
    continue
  fi
  shrink_into "$name"
done

# PicturesAreCurrentTest fails when these files change and the pictures are not made again.
if [[ "$failed" -eq 0 ]]; then
  record_sources examples.sha256 "$template" "$examples"/*.bpmn
fi
exit "$failed"
