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

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mc="${1:-${MODELER_CHECK_DIR:-}}"
if [[ -z "$mc" ]]; then
  echo "usage: $0 MODELER_CHECK_DIR   (or set MODELER_CHECK_DIR)" >&2
  exit 2
fi
mc="$(cd "$mc" && pwd)"
if [[ ! -f "$mc/render.mjs" || ! -d "$mc/node_modules" ]]; then
  echo "$mc: not a modeler-check copy with node_modules (copy it and run 'npm ci' there)" >&2
  exit 2
fi

template="$(realpath "${TEMPLATE:-$repo/element-templates/wasend-revoke-group-invite-link.json}")"
examples="$repo/bpmn-examples"
out="$repo/docs/images"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

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
  if command -v pngquant >/dev/null; then
    pngquant --force --skip-if-larger --quality=60-90 --strip --output "$out/$name.png" "$work/$name.png" \
      || cp "$work/$name.png" "$out/$name.png"
  else
    cp "$work/$name.png" "$out/$name.png"
  fi
  echo "wrote ${out#"$repo"/}/$name.png ($(stat -c %s "$out/$name.png") bytes)"
done

# Record what the pictures were made from; PicturesAreCurrentTest fails when these files change
# and the pictures are not made again.
if [[ "${failed:-0}" -eq 0 ]]; then
  (cd "$repo" && sha256sum $(realpath --relative-to="$repo" "$template" "$examples"/*.bpmn) > "$out/examples.sha256")
fi
exit "$failed"
