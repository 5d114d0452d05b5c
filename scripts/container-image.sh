#!/usr/bin/env bash
# Builds the silo's container image with podman: publishes src/Silo self-contained as one file into
# artifacts/silo-linux-x64, then builds Containerfile on a base image.
#
#   scripts/container-image.sh [--tag TAG] [--base IMAGE | --local-base]
#
# --base     the base image (default mcr.microsoft.com/dotnet/runtime-deps:10.0, pulled from its registry)
# --local-base  builds the base from Debian packages instead (debootstrap --variant=minbase bookworm with
#            ca-certificates and libssl3, imported as localhost/dtn-debian-min:12), for machines that reach no
#            container registry; needs root and debootstrap
# --tag      the image's name (default digital-twin-network/silo:latest, the name k8s/ uses)
set -euo pipefail
cd "$(dirname "$0")/.."

tag=digital-twin-network/silo:latest
base=mcr.microsoft.com/dotnet/runtime-deps:10.0
local_base=false
while [ $# -gt 0 ]; do
  case "$1" in
    --tag) tag=$2; shift 2 ;;
    --base) base=$2; shift 2 ;;
    --local-base) local_base=true; base=localhost/dtn-debian-min:12; shift ;;
    *) echo "unknown option: $1 (see the top of $0)" >&2; exit 2 ;;
  esac
done

export CONTAINERS_CONF=${CONTAINERS_CONF:-$PWD/scripts/containers.conf}

if $local_base && ! podman image exists "$base"; then
  # The machine's own Debian mirror, which apt already reaches.
  mirror=$( (sed -n 's|^URIs: *\(http[^ ]*/debian\)/*$|\1|p' /etc/apt/sources.list.d/*.sources 2>/dev/null || true;
            sed -n 's|^deb  *\(http[^ ]*/debian\)/*  *bookworm .*|\1|p' /etc/apt/sources.list 2>/dev/null || true) | head -1)
  root=$(mktemp -d)
  # --one-file-system: a debootstrap killed midway may leave /proc or /dev mounted in there.
  trap 'rm -rf --one-file-system "$root"' EXIT
  echo "Building $base from ${mirror:-http://deb.debian.org/debian} (debootstrap, about a minute)"
  debootstrap --variant=minbase --include=ca-certificates,libssl3 bookworm "$root" "${mirror:-http://deb.debian.org/debian}" >/dev/null
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" -c . | podman import --quiet - "$base" >/dev/null
fi

rm -rf artifacts/silo-linux-x64
dotnet publish src/Silo/Silo.csproj -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true -nologo -v quiet -o artifacts/silo-linux-x64
podman build --quiet -f Containerfile --build-arg BASE="$base" -t "$tag" .
echo "Built $tag on $base"
