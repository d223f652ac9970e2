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
function_source=src/main/java/dev/wasend/connector/invitelink/RevokeGroupInviteLinkFunction.java

for file in "$hybrid" "$function_source"; do
  if [[ ! -r "$file" ]]; then
    echo "update-templates: $file is missing; run this from a checkout of the project" >&2
    exit 1
  fi
done

# The hybrid template's own version (its first "version" line, two spaces in), and the version the
# code will write; carriage returns dropped, for a checkout with CRLF line endings.
published="$(tr -d '\r' < "$hybrid" | sed -n 's/^  "version" : \([0-9][0-9]*\),$/\1/p' | head -n 1)"
next="$(tr -d '\r' < "$function_source" \
  | sed -n 's/^.*int TEMPLATE_VERSION = \([0-9][0-9]*\);.*$/\1/p' | head -n 1)"
if [[ -z "$published" || -z "$next" ]]; then
  echo "update-templates: cannot read the version of $hybrid or TEMPLATE_VERSION in" \
    "$function_source; nothing changed" >&2
  exit 1
fi

# Kept before the build runs, so that a build that fails half-way loses nothing.
if [[ "$next" != "$published" ]]; then
  kept="element-templates/versioned/wasend-revoke-group-invite-link-hybrid-$published.json"
  cp "$hybrid" "$kept"
  echo "update-templates: kept hybrid version $published as $kept" \
    "(delete it if you abandon the new version: ElementTemplateTest refuses a copy of the current one)"
fi

exec ./mvnw "$@" process-classes \
  -Dtemplates.outputDirectory="$root/element-templates" \
  -Dtemplates.versionHistory=true
