#!/usr/bin/env bash
# Installs NVIDIA's PTX assembler (ptxas, CUDA 11.8) from Debian's nvidia-cuda-toolkit package (component non-free)
# into $KDTALKER_PTXAS_DIR (else ~/.cache/kdtalker/ptxas-11.8) and prints its path. Only the one .deb is fetched,
# with apt-get download against a private sources list (the system's apt configuration is left alone), and only
# ptxas is kept from it: the binary needs nothing but libc. Nothing is downloaded when it is already there.
set -euo pipefail

target="${KDTALKER_PTXAS_DIR:-$HOME/.cache/kdtalker/ptxas-11.8}"
ptxas="$target/ptxas"
if [ -x "$ptxas" ] && "$ptxas" --version 2>/dev/null | grep -q "release 11.8"; then
  echo "$ptxas"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg >/dev/null 2>&1; then
  echo "error: ptxas comes from Debian's nvidia-cuda-toolkit package and needs apt-get and dpkg; install CUDA 11.8's ptxas into $target by hand" >&2
  exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Debian's own mirror and suite, with non-free added, in a private apt state under $work.
mirror="$(cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null | grep -E '^(URIs:|deb )' \
  | grep -oE 'https?://[^ ]*' | grep -v security | head -n1 || true)"
mirror="${mirror:-http://deb.debian.org/debian}"
suite="$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")"
mkdir -p "$work/lists/partial" "$work/archives/partial"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite non-free" >"$work/sources.list"
apt_options=(-o "Dir::Etc::sourcelist=$work/sources.list" -o "Dir::Etc::sourceparts=-" -o "Dir::State::Lists=$work/lists"
             -o "Dir::Cache::archives=$work/archives" -o "APT::Get::List-Cleanup=0" -qq)
if ! apt-get "${apt_options[@]}" update >"$work/apt.log" 2>&1 \
   || ! (cd "$work" && apt-get "${apt_options[@]}" download nvidia-cuda-toolkit >>"$work/apt.log" 2>&1); then
  cat "$work/apt.log" >&2
  echo "error: could not download nvidia-cuda-toolkit from $mirror ($suite non-free); see the apt output above" >&2
  exit 1
fi
deb="$(ls "$work"/nvidia-cuda-toolkit_*.deb)"
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work" ./usr/lib/nvidia-cuda-toolkit/bin/ptxas 2>/dev/null \
  || dpkg -x "$deb" "$work/root"
found="$(find "$work" -path '*/bin/ptxas' -type f | head -n1)"
if [ -z "$found" ] || ! "$found" --version | grep -q "release 11.8"; then
  echo "error: $deb holds no CUDA 11.8 ptxas" >&2
  exit 1
fi
mkdir -p "$target"
install -m 0755 "$found" "$ptxas.partial"
mv "$ptxas.partial" "$ptxas"
echo "$ptxas"
