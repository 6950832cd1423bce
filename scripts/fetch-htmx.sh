#!/bin/sh
# Fetch htmx (progressive enhancement of the workbench's pages) from the npm
# registry into the package's static folder. It is not committed: the registry
# is the source. Without npm the pages work as plain forms and links.
# Usage: fetch-htmx.sh DEST_FILE
set -eu
dest=$1
version=2.0.11
[ -s "$dest" ] && exit 0
if ! command -v npm >/dev/null 2>&1; then
  echo "note: npm not found; the workbench runs without htmx (plain page loads)" >&2
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "htmx.org@$version" --silent >/dev/null)
tar -xzf "$work"/htmx.org-"$version".tgz -C "$work" package/dist/htmx.min.js
mkdir -p "$(dirname "$dest")"
cp "$work/package/dist/htmx.min.js" "$dest.tmp" && mv "$dest.tmp" "$dest"
