#!/usr/bin/env bash
# Runs the whole test suite on a fresh Debian 12 machine with the .NET 10 SDK:
# installs what the tests need (Mosquitto clients as independent MQTT peers,
# PostgreSQL 15 server binaries for throwaway test clusters),
# builds in Release, runs every test project and prints one summary line.
set -euo pipefail
cd "$(dirname "$0")/.."

install_missing() {
  local packages=()
  command -v mosquitto_pub >/dev/null 2>&1 || packages+=(mosquitto-clients)
  # The tests start their own throwaway PostgreSQL 15 clusters from these binaries.
  [ -x /usr/lib/postgresql/15/bin/initdb ] || packages+=(postgresql-15)
  if [ ${#packages[@]} -gt 0 ]; then
    echo "Installing: ${packages[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${packages[@]}"
  fi
}

install_missing

log=$(mktemp)
trap 'rm -f "$log"' EXIT

dotnet build DigitalTwin.sln -c Release -nologo -v quiet
status=0
# A test that hangs is aborted after 5 minutes and named (with the tests that ran beside it), instead of holding
# the run until CI's limit.
dotnet test DigitalTwin.sln -c Release --no-build -nologo --blame-hang-timeout 5m --blame-hang-dump-type none 2>&1 | tee "$log" || status=$?

# One closing line over all test assemblies, from the runner's per-assembly summaries
# ("Passed!  - Failed:     0, Passed:    84, Skipped:     0, Total:    84, ...").
awk -F'[:,]' '/(Passed|Failed)! +- Failed:/ { failed += $2; passed += $4; skipped += $6 }
  END { printf "Tests: %d passed, %d failed, %d skipped\n", passed, failed, skipped }' "$log"
exit $status
