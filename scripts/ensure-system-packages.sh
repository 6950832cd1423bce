#!/bin/sh
# Install the Debian packages RightsGuard needs, or say exactly how to.
# Usage: ensure-system-packages.sh PACKAGE...
set -eu
missing=""
for pkg in "$@"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $pkg"
  fi
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "RightsGuard needs these system packages:$missing" >&2
  echo "This is not a Debian-like system: install their equivalents, then run make again." >&2
  exit 1
fi
if [ "$(id -u)" != "0" ]; then
  echo "RightsGuard needs these Debian packages:$missing" >&2
  echo "Install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y$missing" >&2
  echo "then run make again." >&2
  exit 1
fi
echo "Installing Debian packages:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
