#!/usr/bin/env bash
# Regenerates the committed element templates (element-templates/, main and hybrid) from the code,
# after a deliberate change: bump TEMPLATE_VERSION in RevokeGroupInviteLinkFunction first, so that
# the generator keeps the previous version under element-templates/versioned/.
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
exec ./mvnw "$@" process-classes \
  -Dtemplates.outputDirectory="$root/element-templates" \
  -Dtemplates.versionHistory=true
