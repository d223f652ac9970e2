#!/usr/bin/env bash
# Re-creates docs/images/template-properties.png (every properties-panel group expanded) and
# docs/images/template-properties-collapsed.png (the panel as it opens) from the committed
# element template, rendered in a real bpmn-js properties panel in headless Chromium.
#
#   tools/render-template.sh [MODELER_CHECK_DIR]        (or: MODELER_CHECK_DIR=... tools/render-template.sh)
#
# MODELER_CHECK_DIR: a writable copy of the modeler-check tool with its dependencies installed:
#   cp -r /work/shared/tools/modeler-check /tmp/modeler-check && (cd /tmp/modeler-check && npm ci)
#   apt-get install -y chromium        # render.mjs starts /usr/bin/chromium (or $CHROMIUM_PATH)
# Optional: TEMPLATE=path/to/template.json (default: element-templates/wasend-revoke-group-invite-link.json).
# If pngquant is installed, the PNGs are quantized to keep the repository small.
# Exit code: 0 = both renders applied the template; otherwise the render.mjs exit code (3 = template
# did not apply) or 1.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/render-common.sh"
diagram="$repo/tools/render-template.bpmn"

render() { # name, extra render.mjs args...
  local name="$1"; shift
  local rc=0
  (cd "$mc" && node render.mjs "$template" "$diagram" "$work/$name.png" RevokeInviteLink "$@" >"$work/$name.json") || rc=$?
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const groups = Object.entries((r.panel && r.panel.templateProperties) || {}).map(([g, p]) => `${g} (${p.length})`);
    console.log(`${process.argv[2]}: ok=${r.ok} problems=${JSON.stringify(r.problems)} templateErrors=${JSON.stringify(r.templateErrors)} templateWarnings=${JSON.stringify(r.templateWarnings)}`);
    console.log(`  groups: ${groups.join(", ")}`);
    console.log(`  lint: ${JSON.stringify((r.lint || []).map(l => l.message))}`);
  ' "$work/$name.json" "$name" || true
  if [[ $rc -ne 0 ]]; then
    echo "render.mjs failed for $name (exit $rc); full report: see above / $work/$name.json" >&2
    cat "$work/$name.json" >&2 || true
    return $rc
  fi
}

render template-properties --expand-all
render template-properties-collapsed

for name in template-properties template-properties-collapsed; do
  shrink_into "$name"
done

# PicturesAreCurrentTest fails when these files change and the pictures are not made again.
record_sources template-properties.sha256 "$template" "$diagram"
