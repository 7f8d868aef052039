#!/bin/sh
# Installs the third-party SIP peers the interop tests and benchmarks drive.
# Today that is SIPp (Debian package sip-tester, 3.6.1: MD5 digest only, no TLS).
# Idempotent: a machine that already has sipp is left alone. CI runs this as root, so no sudo.
set -eu
if command -v sipp >/dev/null 2>&1; then
  echo "peers: sipp already installed at $(command -v sipp)"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y sip-tester
echo "peers: installed $(command -v sipp)"
