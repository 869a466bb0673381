#!/usr/bin/env bash
# Runs every test. Installs what the tests need (redis-server, postgresql, chromium, poppler-utils, npm and axe-core)
# when it is missing, so a fresh Debian machine with the .NET SDK needs nothing else. A missing dependency fails, never skips.
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
# The tests start throwaway PostgreSQL clusters with Debian's initdb and pg_ctl (as the postgres user when run as root).
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]}..."
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

# The accessibility scan injects axe-core (npm) into pages.
[ -f tests/Blazar.BrowserTests/node_modules/axe-core/axe.min.js ] || (cd tests/Blazar.BrowserTests && npm install --no-package-lock --no-audit --no-fund --loglevel=error)

dotnet build Blazar.slnx -c Release -warnaserror --nologo -v quiet
dotnet test Blazar.slnx -c Release --no-build --nologo "$@"
# A smoke pass of the benchmark (seconds), so bench/ cannot rot; the full run is by hand (bench/README.md).
dotnet bench/Blazar.Bench/bin/Release/net10.0/Blazar.Bench.dll --smoke --out artifacts/bench/smoke.json > /dev/null
