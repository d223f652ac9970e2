#!/usr/bin/env bash
# Re-creates the pictures of the template and the examples in docs/images/ (the element template
# in a bpmn-js properties panel, and each diagram in bpmn-examples/ with its connector task
# selected) and the checksum manifests
# that PicturesAreCurrentTest compares. Fails, and changes nothing, when a template does not apply
# or the panel shows errors. See tools/render/README.md. The one other picture there,
# bulk-rotation-pacing.png, is a chart of measured figures: the benchmark draws it
# (./mvnw -q -Pbench test-compile exec:exec -Dbench.mode=engine; docs/performance.md).
#
#   tools/render-pictures.sh
#
# Needs Node.js 20.9+ and Debian's chromium package (`apt-get install chromium`); set CHROMIUM_PATH
# to use another Chromium binary. Installs tools/render's pinned npm packages on first use and
# whenever tools/render/package-lock.json changes.
set -euo pipefail

render="$(cd "$(dirname "${BASH_SOURCE[0]}")/render" && pwd)"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "render-pictures: needs Node.js 20.9 or newer with npm" >&2
  exit 1
fi
if ! node -e 'const [major, minor] = process.versions.node.split(".").map(Number);
    process.exit(major > 20 || (major === 20 && minor >= 9) ? 0 : 1)'; then
  echo "render-pictures: needs Node.js 20.9 or newer (sharp's minimum), found $(node --version)" >&2
  exit 1
fi

# npm ci only when node_modules was not installed from the current lock file: it starts from scratch.
stamp="$render/node_modules/.installed-from.sha256"
if ! (cd "$render" && sha256sum --check --status "$stamp" 2>/dev/null); then
  (cd "$render" && npm ci --no-audit --no-fund && sha256sum package-lock.json > "$stamp")
fi

exec node "$render/render-pictures.mjs"
