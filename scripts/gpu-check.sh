#!/usr/bin/env bash
# The device check, for a fresh machine with an NVIDIA GPU and the .NET 10 SDK: builds, runs every golden case on the
# GPU with float32 storage (each tensor within its tolerance, or the check fails) and with half-precision storage (its
# errors reported beside float32's), times the real-size pipeline after a warm-up, and prints one table. Under 8
# minutes on a data-centre GPU.
#   bash scripts/gpu-check.sh                        # --device cuda
#   bash scripts/gpu-check.sh --device ilgpu-cpu     # dry run on ILGPU's CPU simulator: its default cases, no timing
# Options: --device cuda|opencl|ilgpu-cpu, --fixtures DIR (default tests/fixtures/golden; tests/fixtures/simulator has
# cases a-e at the smallest sizes), --cases a,b,... (default: all; the simulator's own set on ilgpu-cpu),
# --frames N (rendered frames timed, default 5), --steps S (DDIM steps of the timed window, default 50).
set -euo pipefail
cd "$(dirname "$0")/.."

device=cuda fixtures=tests/fixtures/golden cases="" frames=5 steps=50
while [ $# -gt 0 ]; do
  case "$1" in
    --device) device="$2"; shift 2 ;;
    --fixtures) fixtures="$2"; shift 2 ;;
    --cases) cases="$2"; shift 2 ;;
    --frames) frames="$2"; shift 2 ;;
    --steps) steps="$2"; shift 2 ;;
    *) echo "error: unknown option $1 (see the comment at the top of $0)" >&2; exit 2 ;;
  esac
done
case "$device" in cuda|opencl|ilgpu-cpu) ;; *) echo "error: --device must be cuda, opencl or ilgpu-cpu, not '$device'" >&2; exit 2 ;; esac
if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET 10 SDK (dotnet) is not on PATH; install it from https://dot.net" >&2
  exit 1
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
start=$SECONDS
step() { printf '\n== %s (%d s so far)\n' "$1" $((SECONDS - start)); }

step "build"
dotnet build src/Cli -c Release -v quiet -nologo | tail -n 3
kdtalker() { dotnet src/Cli/bin/Release/net10.0/kdtalker.dll "$@"; }

step "device"
kdtalker info --device "$device" | tee "$work/info.txt"
selection=(${cases:+--cases "$cases"})

step "golden cases, float32 storage"
fp32=0
kdtalker selftest "$fixtures" --device "$device" "${selection[@]}" | tee "$work/fp32.txt" || fp32=$?

step "golden cases, half-precision storage (errors reported; the float32 tolerances do not apply)"
kdtalker selftest "$fixtures" --device "$device" --precision fp16 "${selection[@]}" >"$work/fp16.txt" || true
grep -E '^(backend|case) ' "$work/fp16.txt" || true
tail -n 1 "$work/fp16.txt"

if [ "$device" = ilgpu-cpu ]; then
  step "bench skipped: the simulator runs the real-size networks at about 0.002 GFLOP/s (a frame would take days)"
  : >"$work/bench.txt"
else
  step "bench: real sizes, random weights, after a warm-up"
  kdtalker bench --device "$device" --frames "$frames" --steps "$steps" | tee "$work/bench.txt"
fi

# One table: per golden case, float32's verdict and worst errors beside half precision's; then the timings.
printf '\n== summary: %s, %d s in total\n' "$(sed -n 's/^backend  *//p' "$work/info.txt" | head -n 1)" $((SECONDS - start))
awk '
  FNR == 1 { file++ }
  /^(backend|case|[0-9]+ passed)/ { next }
  $2 ~ /^SKIPPED:/ { next }
  $2 ~ /^FAIL:/ { seen[$1] = 1; if (file == 1) bad32[$1]++; next }
  $3 !~ /^[0-9.]+E[+-][0-9]+$/ { next }
  {
    c = $1; seen[c] = 1; abs = $3 + 0; rel = $4 + 0
    if (file == 1) { n32[c]++; if ($6 != "PASS") bad32[c]++; if (abs > abs32[c]) abs32[c] = abs; if (rel > rel32[c]) rel32[c] = rel }
    else { n16[c]++; if ($6 == "PASS") ok16[c]++; if (abs > abs16[c]) abs16[c] = abs; if (rel > rel16[c]) rel16[c] = rel }
  }
  END {
    printf "%-32s %-14s %10s %10s   %-14s %10s %10s\n", "case", "fp32", "max abs", "max rel", "fp16 in tol.", "max abs", "max rel"
    for (c in seen)
      printf "%-32s %-14s %10.2e %10.2e   %-14s %10.2e %10.2e\n", c, (bad32[c] ? (n32[c] ? bad32[c] " FAIL of " n32[c] : "ERROR") : n32[c] " PASS"),
             abs32[c], rel32[c], (ok16[c] + 0) " of " (n16[c] + 0), abs16[c], rel16[c]
  }' "$work/fp32.txt" "$work/fp16.txt" | { read -r header; echo "$header"; sort; }
grep -E '  FAIL: ' "$work/fp32.txt" || true
[ -s "$work/bench.txt" ] && sed -n '/^stage/,$p' "$work/bench.txt"
if [ "$fp32" -ne 0 ]; then
  echo "device check FAILED: a golden case is outside its float32 tolerance on $device (table above)" >&2
  exit 1
fi
echo "device check passed on $device in $((SECONDS - start)) s"
