#!/usr/bin/env bash
# The README's main job: a full and an incremental pipeline run over the real Olist data on the embedded default
# (all four services in one process, in-memory bus, a private PostgreSQL cluster under ./.lake/ unless
# ConnectionStrings__Server is set). Installs Debian's postgresql package when it is missing.
# Extra arguments go to `lake demo` (see `--help`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ -z "${ConnectionStrings__Server:-}" ]; then bash scripts/ensure-packages.sh postgresql; fi
dotnet build apps/EcommerceLake.Cli -c Release -nologo -v quiet >/dev/null
exec dotnet apps/EcommerceLake.Cli/bin/Release/net10.0/lake.dll demo "$@"
