#!/usr/bin/env bash
# The README's main job: a full and an incremental pipeline run over the real Olist data on the embedded default
# (all four services in one process, in-memory bus, a private PostgreSQL cluster under ./.lake/ unless
# ConnectionStrings__Server is set). The partner CSV drop is read over SFTP from a private OpenSSH sshd on a loopback
# port. Installs Debian's postgresql, openssh-server and openssh-client packages when they are missing.
# Extra arguments go to `lake demo` (see `--help`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/ensure-packages.sh openssh-server openssh-client
if [ -z "${ConnectionStrings__Server:-}" ]; then bash scripts/ensure-packages.sh postgresql; fi
dotnet build apps/EcommerceLake.Cli -c Release -nologo -v quiet >/dev/null
exec dotnet apps/EcommerceLake.Cli/bin/Release/net10.0/lake.dll demo "$@"
