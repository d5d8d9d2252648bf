#!/usr/bin/env bash
# Fetches face-api's two pretrained face models (MIT licence) and its six sample photos with the ordinary npm
# client, checks every file's SHA-256, installs them into the face-model folder the engine and the tests read
# ($KDTALKER_FACE_MODELS, else ~/.cache/kdtalker/face-api-1.7.15) and converts them into our bundle there
# (face-models.safetensors, with `kdtalker convert`). Nothing is downloaded when they are already there.
set -euo pipefail

target="${KDTALKER_FACE_MODELS:-$HOME/.cache/kdtalker/face-api-1.7.15}"
expected="5d1af4849ac48d5b985f4a9b16010c512353ddd6fcc63d50fd0bc9e9e64296e5  tiny_face_detector_model-weights_manifest.json
b7503ce7df31039b1c43316a9b865cab6a70dd748cc602d3fa28b551503c3871  tiny_face_detector_model.bin
ca4886639f86e99b39fed0c155f81b63317225773bd9616716e887b0153389c9  face_landmark_68_model-weights_manifest.json
4611ef65c87d836d03d684b30eec4d195d8b219fa1dd58fc58945831c6b9299b  face_landmark_68_model.bin
8ecae4b267b2d3169e06e00c7dee97097aa2a94635d45216f7732a5f4943cb51  sample1.jpg
7d2b60ae6f13bf30f422e04df87451081a02c83de469056f25afb44b7000c691  sample2.jpg
8eb081c9efb14370fa94d9feab9e5fbeafd19a627491853a80c2bf67f7ffa936  sample3.jpg
729efa5923061d40eb4ed5f267a18cc7b8ba6f852bb2757b16d8b7e4937476fc  sample4.jpg
6d45095ebb182d8f975c0790e0e4eefd86fbb40609cf4b271776d92e12662938  sample5.jpg
9baad80f9d5e306fb9b8c0913d44445f1e95848df317530efb03d0934c57ba87  sample6.jpg"

repo="$(cd "$(dirname "$0")/.." && pwd)"
convert() {
  dotnet run --project "$repo/src/Cli" -c Release -- convert "$target" --out "$target/face-models.safetensors"
}

if [ -d "$target" ] && (cd "$target" && echo "$expected" | sha256sum --check --quiet --status 2>/dev/null); then
  echo "face models: $target (verified)"
  [ -f "$target/face-models.safetensors" ] || convert
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "error: npm is needed to fetch the face models (@vladmandic/face-api@1.7.15); install Node.js and npm" >&2
  exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent @vladmandic/face-api@1.7.15 >/dev/null && tar xzf vladmandic-face-api-1.7.15.tgz)
staging="$work/install"
mkdir -p "$staging"
cp "$work"/package/model/tiny_face_detector_model* "$work"/package/model/face_landmark_68_model* "$staging/"
cp "$work"/package/demo/sample[1-6].jpg "$staging/"
if ! (cd "$staging" && echo "$expected" | sha256sum --check --quiet); then
  echo "error: the downloaded face-api files do not match their pinned SHA-256; not installing them" >&2
  exit 1
fi
mkdir -p "$(dirname "$target")"
rm -rf "$target"
mv "$staging" "$target"
echo "face models: installed into $target"
convert
