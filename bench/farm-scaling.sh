#!/usr/bin/env bash
# Render-farm scaling: frames/s of `kdtalker generate --cluster` against the number of 1-thread `kdtalker worker`
# processes on this machine, and the coordination overhead per frame (the farm's own report: a worker's busy time on
# a range as the coordinator saw it, less the worker's compute time). The peer is the one-process render on 1 thread.
# usage: bash bench/farm-scaling.sh [MAX_WORKERS (default 3)] [SECONDS_OF_AUDIO (default 2)] [WEIGHTS (default test)]
# On a machine with C cores, workers beyond C share cores: the scaling then shows the machine, not the farm.
set -euo pipefail
cd "$(dirname "$0")/.."
max="${1:-3}" seconds="${2:-2}" weights="${3:-test}"
# KDTALKER_DLL: a build to measure (default: this tree's Release build, built when missing).
dll="${KDTALKER_DLL:-src/Cli/bin/Release/net10.0/kdtalker.dll}"
[ -f "$dll" ] || dotnet build KDTalker.sln -c Release >/dev/null
kdtalker=(dotnet "$dll")
scratch="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$scratch"; }
trap cleanup EXIT
port=$((20000 + RANDOM % 20000))
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no >"$scratch/redis.log" 2>&1 & pids+=($!)
ffmpeg -loglevel error -y -i samples/assets/speech.wav -t "$seconds" -ar 16000 -ac 1 "$scratch/clip.wav"
common=(--image samples/assets/portrait.png --no-crop --audio "$scratch/clip.wav" --weights "$weights" --steps 2 --format png --threads 1)

start=$(date +%s.%N)
"${kdtalker[@]}" generate "${common[@]}" --out "$scratch/local" >"$scratch/local.log" 2>&1
local_s=$(echo "$(date +%s.%N) - $start" | bc)
frames=$(ls "$scratch/local" | grep -c '^frame_')
echo "cores: $(nproc); clip: $frames frames; weights: $weights; one process, 1 thread: $local_s s end to end"
printf '%-8s %-10s %-10s %-14s %-12s %s\n' workers frames/s speed-up "ms/frame coord" "% of render" "identical to one process"
base=""
for n in $(seq 1 "$max"); do
  cluster="redis://127.0.0.1:$port/bench$n"
  for i in $(seq 1 "$n"); do
    "${kdtalker[@]}" worker --cluster "$cluster" --weights "$weights" --threads 1 --name "b$n-$i" \
      --port $((port + 100 + 10 * n + i)) --gateway-port $((port + 200 + 10 * n + i)) >"$scratch/worker$n-$i.log" 2>&1 & pids+=($!)
  done
  for i in $(seq 1 "$n"); do until grep -q joined "$scratch/worker$n-$i.log"; do sleep 0.5; done; done
  "${kdtalker[@]}" generate "${common[@]}" --out "$scratch/farm$n" --cluster "$cluster" >"$scratch/farm$n.log" 2>&1
  report=$(grep '^farm: .*frames/s' "$scratch/farm$n.log")
  fps=$(sed -E 's/.*\(([0-9.]+) frames\/s\).*/\1/' <<<"$report")
  coord=$(sed -E 's/.*coordination (-?[0-9.]+) ms\/frame = (-?[0-9.]+) %.*/\1 \2/' <<<"$report")
  base="${base:-$fps}"
  same=$(diff -rq "$scratch/local" "$scratch/farm$n" >/dev/null && echo yes || echo NO)
  printf '%-8s %-10s %-10s %-14s %-12s %s\n' "$n" "$fps" "$(echo "scale=2; $fps / $base" | bc)" ${coord} "$same"
  for pid in "${pids[@]:1}"; do kill "$pid" 2>/dev/null || true; done
  pids=("${pids[0]}")
  sleep 2
done
