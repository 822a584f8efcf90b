#!/usr/bin/env bash
# Install the system libraries WeasyPrint needs (Pango, HarfBuzz, fonts) and wrk (the HTTP load generator of
# tests/benchmarks/bench_http.py) where they are missing.
# Debian/Ubuntu with apt only; elsewhere it says what to install and goes on.
set -euo pipefail
pakketten=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core wrk)
command -v dpkg-query >/dev/null 2>&1 || { echo "Installeer Pango, HarfBuzz en fonts voor WeasyPrint, en wrk."; exit 0; }
nodig=()
for p in "${pakketten[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || nodig+=("$p")
done
[ ${#nodig[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Systeempakketten ontbreken (WeasyPrint, wrk): sudo apt-get install ${nodig[*]}" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${nodig[@]}" >/dev/null
