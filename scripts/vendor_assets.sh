#!/usr/bin/env bash
# Vendor the JavaScript the site and its browser tests need, from the npm registry, so that
# no build, page view or test ever fetches anything from a CDN. The files it writes are
# committed; run this only to update a version (then `make book test-browser`, and commit).
#
#   MathJax 3 (Apache-2.0)  -> book/_static/vendor/mathjax/   one self-contained SVG bundle:
#                              TeX input with every extension, SVG output (needs no fonts)
#   axe-core 4 (MPL-2.0)    -> tests/browser/vendor/axe-core/ accessibility engine (tests only)
set -euo pipefail
cd "$(dirname "$0")/.."

MATHJAX_VERSION=3.2.2
AXE_VERSION=4.11.0

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && npm pack --silent "mathjax@${MATHJAX_VERSION}" "axe-core@${AXE_VERSION}" >/dev/null)

mkdir -p "$tmp/mathjax" "$tmp/axe"
tar xzf "$tmp/mathjax-${MATHJAX_VERSION}.tgz" -C "$tmp/mathjax"
tar xzf "$tmp/axe-core-${AXE_VERSION}.tgz" -C "$tmp/axe"

mj=book/_static/vendor/mathjax
rm -rf "$mj" && mkdir -p "$mj"
cp "$tmp/mathjax/package/es5/tex-svg-full.js" "$tmp/mathjax/package/LICENSE" "$mj/"
echo "mathjax ${MATHJAX_VERSION} (npm), es5/tex-svg-full.js; license Apache-2.0 (LICENSE)" > "$mj/VERSION"

axe=tests/browser/vendor/axe-core
rm -rf "$axe" && mkdir -p "$axe"
cp "$tmp/axe/package/axe.min.js" "$tmp/axe/package/LICENSE" "$tmp/axe/package/LICENSE-3RD-PARTY.txt" "$axe/"
echo "axe-core ${AXE_VERSION} (npm), axe.min.js; license MPL-2.0 (LICENSE)" > "$axe/VERSION"

(cd book/_static/vendor && sha256sum mathjax/tex-svg-full.js) > book/_static/vendor/SHA256SUMS
(cd tests/browser/vendor && sha256sum axe-core/axe.min.js) > tests/browser/vendor/SHA256SUMS
echo "vendored: mathjax ${MATHJAX_VERSION} -> $mj, axe-core ${AXE_VERSION} -> $axe"
