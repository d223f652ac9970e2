#!/usr/bin/env bash
# Regenerates the committed element templates (element-templates/, main and hybrid) from the code,
# after a deliberate change: bump TEMPLATE_VERSION in RevokeGroupInviteLinkFunction first, so that
# the previous version of each is kept under element-templates/versioned/ (the generator keeps the
# main template's; this script keeps the hybrid's, which the generator overwrites).
#
#   tools/update-templates.sh [more Maven options]
#
# It runs the build up to the template generator with the generator's output pointed at
# element-templates/ instead of target/, i.e. (from the repository's root):
#
#   ./mvnw process-classes -Dtemplates.outputDirectory=element-templates -Dtemplates.versionHistory=true
#
# Needs a JDK 21+ as JAVA_HOME, like every build. When nothing changed, nothing changes.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
hybrid=element-templates/hybrid/wasend-revoke-group-invite-link-hybrid.json

# The template's own version: the first "version" line at the top level (two spaces in).
version_of() { sed -n 's/^  "version" : \([0-9][0-9]*\),$/\1/p' "$1" | head -n 1; }

previous="$(mktemp)"
trap 'rm -f "$previous"' EXIT
cp "$hybrid" "$previous"
old_version="$(version_of "$previous")"

./mvnw "$@" process-classes \
  -Dtemplates.outputDirectory="$root/element-templates" \
  -Dtemplates.versionHistory=true

new_version="$(version_of "$hybrid")"
if [[ "$new_version" != "$old_version" ]]; then
  kept="element-templates/versioned/wasend-revoke-group-invite-link-hybrid-$old_version.json"
  cp "$previous" "$kept"
  echo "update-templates: kept hybrid version $old_version as $kept"
fi
