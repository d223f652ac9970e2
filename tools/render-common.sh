# Sourced by tools/render-template.sh and tools/render-examples.sh: finds the modeler-check copy
# (first argument or MODELER_CHECK_DIR) and sets repo, mc, template, out and a scratch dir work.
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
out="$repo/docs/images"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

# shrink_into NAME: the rendered $work/NAME.png into $out, quantized when pngquant is installed
shrink_into() {
  if command -v pngquant >/dev/null; then
    pngquant --force --skip-if-larger --quality=60-95 --strip --output "$out/$1.png" "$work/$1.png" \
      || cp "$work/$1.png" "$out/$1.png"
  else
    cp "$work/$1.png" "$out/$1.png"
  fi
  echo "wrote ${out#"$repo"/}/$1.png ($(stat -c %s "$out/$1.png") bytes)"
}

# record_sources MANIFEST FILE...: what the pictures were made from, for PicturesAreCurrentTest
record_sources() {
  local manifest="$1"; shift
  (cd "$repo" && sha256sum $(realpath --relative-to="$repo" "$@") > "$out/$manifest")
}
