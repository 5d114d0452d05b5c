#!/usr/bin/env bash
# Runs the whole test suite on a fresh Debian 12 machine with the .NET 10 SDK:
# installs what the tests need (Mosquitto clients as independent MQTT peers,
# PostgreSQL 15 server binaries for throwaway test clusters, and for the network
# probe's capture lab: libpcap, tcpdump, tshark, nmap, dnsmasq, dig, curl, ping,
# openssl, python3, iproute2, ethtool and nftables; kubectl, node and npm for the k8s/ manifest checks;
# podman, runc and debootstrap for the container step),
# builds in Release, runs every test project and prints one summary line.
set -euo pipefail
cd "$(dirname "$0")/.."

# A program on the PATH or in an sbin directory (a non-root PATH often lacks those).
has() {
  command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/sbin/$1" ]
}

install_missing() {
  local packages=()
  has mosquitto_pub || packages+=(mosquitto-clients)
  # The tests start their own throwaway PostgreSQL 15 clusters from these binaries.
  [ -x /usr/lib/postgresql/15/bin/initdb ] || packages+=(postgresql-15)
  # The network probe reads packets with libpcap (SharpPcap loads it at run time).
  ldconfig -p 2>/dev/null | grep 'libpcap\.so' >/dev/null || packages+=(libpcap0.8)
  # The probe's capture lab (tests/NetworkProbe.Tests/Lab): namespaces, veths, bridge and offloads; capture and
  # reference decoding; the servers and clients whose traffic is captured.
  has ip || packages+=(iproute2)
  has ethtool || packages+=(ethtool)
  has tcpdump || packages+=(tcpdump)
  has tshark || packages+=(tshark)
  has nmap || packages+=(nmap)
  has dnsmasq || packages+=(dnsmasq-base)
  has dig || packages+=(bind9-dnsutils)
  has openssl || packages+=(openssl)
  has curl || packages+=(curl)
  # The API reference and the Orleans Dashboard are rendered under the content security policy (BrowserPagesTests).
  has chromium || packages+=(chromium)
  # The web dashboard's browser tests (tests/EndToEnd.Tests/Dashboard) drive it through Selenium with Debian's driver,
  # built from the same Chromium, so the two versions always match.
  has chromedriver || packages+=(chromium-driver)
  has ping || packages+=(iputils-ping)
  has python3 || packages+=(python3)
  # Packet loss in the lab (the kernels of small VMs have no netem).
  has nft || packages+=(nftables)
  # The k8s/ manifests are checked offline by a node script (tests/Kubernetes.Tests); kubectl renders them (below).
  has node || packages+=(nodejs)
  # The container step: podman with runc builds the silo's image on a base made with debootstrap and runs it.
  has podman || packages+=(podman runc debootstrap catatonit containernetworking-plugins slirp4netns fuse-overlayfs uidmap conmon)
  has npm || packages+=(npm)
  if [ ${#packages[@]} -gt 0 ]; then
    echo "Installing: ${packages[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    # tshark asks whether non-root users may capture; answer no instead of waiting for a terminal.
    echo "wireshark-common wireshark-common/install-setuid boolean false" | $sudo debconf-set-selections
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${packages[@]}"
  fi
  # kubectl (Kustomize v5) renders the k8s/ overlays. Debian's own kubernetes-client is 1.20, too old for them, so
  # only a package named kubectl will do; without one, only tests/Kubernetes.Tests fail, saying so.
  if ! has kubectl; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q kubectl ||
      echo "kubectl is not installable here: tests/Kubernetes.Tests will fail (they need kubectl with Kustomize v5)"
  fi
}

install_missing

log=$(mktemp)
trap 'rm -f "$log"' EXIT

dotnet build DigitalTwin.sln -c Release -nologo -v quiet
status=0
# A test that hangs is aborted after 5 minutes and named (with the tests that ran beside it), instead of holding
# the run until CI's limit.
dotnet test DigitalTwin.sln -c Release --no-build -nologo --filter "Category!=Container" --blame-hang-timeout 5m --blame-hang-dump-type none 2>&1 | tee "$log" || status=$?

# A separate step: the container tests build the silo's image (scripts/container-image.sh) and run it with podman.
echo "Container tests (tests/Container.Tests): building the silo's image and running it"
dotnet test tests/Container.Tests/Container.Tests.csproj -c Release --no-build -nologo --filter "Category=Container" --blame-hang-timeout 10m --blame-hang-dump-type none 2>&1 | tee -a "$log" || status=$?

# One closing line over all test assemblies, from the runner's per-assembly summaries
# ("Passed!  - Failed:     0, Passed:    84, Skipped:     0, Total:    84, ...").
awk -F'[:,]' '/(Passed|Failed)! +- Failed:/ { failed += $2; passed += $4; skipped += $6 }
  END { printf "Tests: %d passed, %d failed, %d skipped\n", passed, failed, skipped }' "$log"
exit $status
