#!/usr/bin/env bash
# Regenerates the PNG reference fixture: the golden sample figures (tests/Downhill.Tests/Fixtures/figures/*.svg)
# rasterized by librsvg's rsvg-convert at 1.5 pixels per CSS pixel, each beside a copy of the SVG it was made from.
# PngReferenceTests rasterizes each copied SVG in-process and bounds its pixel difference from librsvg's PNG.
# Downhill does not use rsvg-convert; install it only to run this (Debian: apt-get install librsvg2-bin).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
golden="$root/tests/Downhill.Tests/Fixtures/figures"
out="$root/tests/Downhill.Tests/Fixtures/png-reference"
command -v rsvg-convert >/dev/null || { echo "needs rsvg-convert (apt-get install librsvg2-bin)" >&2; exit 2; }
mkdir -p "$out"
rm -f "$out"/*.svg "$out"/*.png
for svg in "$golden"/*.svg; do
  name="$(basename "$svg" .svg)"
  cp "$svg" "$out/$name.svg"
  rsvg-convert --format png --zoom 1.5 "$svg" >"$out/$name.png"
done
{ rsvg-convert --version; dpkg-query -W -f 'fonts-dejavu-core ${Version}\n' fonts-dejavu-core 2>/dev/null || true; } >"$out/VERSION"
echo "wrote $(ls "$out"/*.png | wc -l) PNGs to $out"
