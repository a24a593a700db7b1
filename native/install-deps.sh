#!/usr/bin/env bash
# Installs what building and running ringcap needs on Debian 12, only when something is missing.
# Runs as root (apt-get); as another user it names what is missing and stops.
set -euo pipefail

missing=()
need() { command -v "$1" >/dev/null 2>&1 || missing+=("$2"); }
need clang clang
need llvm-strip llvm
need bpftool bpftool
need make make
need cc gcc
need javac openjdk-17-jdk-headless
need mvn maven
need strace strace   # tests: NoOutboundConnectionTest traces connect()
need setpriv util-linux   # capture -u USER runs CMD through it
need ip iproute2   # tests: FleetConnectionsTest brings up the loopback of its network namespace
need script bsdutils      # tests: CaptureTerminalTest runs a capture on a pseudo-terminal
[ -f /usr/include/bpf/libbpf.h ] || missing+=(libbpf-dev)
[ -f /usr/include/gelf.h ] || missing+=(libelf-dev)
[ -f /usr/include/zlib.h ] || missing+=(zlib1g-dev)
[ -f /usr/include/mqueue.h ] || missing+=(libc6-dev)
[ -f /usr/include/asm-generic/errno-base.h ] || missing+=(linux-libc-dev)   # tests: NamesTest checks errno names against it
ldconfig -p 2>/dev/null | grep -q 'libbpf.so.1 ' || missing+=(libbpf1)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "ringcap: missing packages: ${missing[*]} (run: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "ringcap: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
