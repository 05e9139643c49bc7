#!/usr/bin/env bash
# Installs onnxruntime-node from npm into qnn's npm cache, where the model
# zoo (test/Zoo) finds it: the oracle and latency baseline of the whole-model
# tests, never a dependency of qnn. `--ignore-scripts`: the package ships its
# CPU binaries; its install script would only fetch GPU ones.
#
# QNN_NPM_CACHE (default ~/.cache/qnn/npm) is the cache directory;
# QNN_ONNXRUNTIME_VERSION (default 1.30.0) the version. Does nothing when
# that version is already there and loads.
set -euo pipefail
version="${QNN_ONNXRUNTIME_VERSION:-1.30.0}"
cache="${QNN_NPM_CACHE:-$HOME/.cache/qnn/npm}"
node="${NODE:-node}"

if ! command -v "$node" >/dev/null || ! command -v npm >/dev/null; then
  echo "qnn: node and npm are needed for onnxruntime-node (scripts/install-deps.sh installs them)" >&2
  exit 1
fi

loads() {
  NODE_PATH="$cache/node_modules" "$node" -e "
    const v = require('onnxruntime-node/package.json').version;
    require('onnxruntime-node');
    if (v !== process.argv[1]) { console.error('found ' + v); process.exit(1); }
  " "$version" 2>/dev/null
}

if loads; then
  echo "qnn: onnxruntime-node $version is installed in $cache"
  exit 0
fi
mkdir -p "$cache"
echo "qnn: installing onnxruntime-node $version into $cache"
npm install --ignore-scripts --no-audit --no-fund \
  --prefix "$cache" "onnxruntime-node@$version"
if ! loads; then
  echo "qnn: onnxruntime-node $version does not load from $cache" >&2
  exit 1
fi
