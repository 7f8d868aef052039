#!/bin/sh
# Installs the third-party peers the interop tests and benchmarks drive: SIPp (Debian package
# sip-tester, 3.6.1: MD5 digest only, no TLS), Chromium (the browser check of the timeline
# pages, driven by playwright-core through /usr/bin/chromium) and Kamailio 5.6 (the reference
# registrar that `npm run bench:simulator` measures beside the simulator), then the PostgreSQL
# and MariaDB servers of the SQL store tests (db-servers-install.sh).
# Idempotent: what is already installed is left alone. CI runs this as root, so no sudo.
set -eu
sh "$(dirname "$0")/db-servers-install.sh"
missing=""
if command -v sipp >/dev/null 2>&1; then
  echo "peers: sipp already installed at $(command -v sipp)"
else
  missing="$missing sip-tester"
fi
if [ -x /usr/bin/chromium ]; then
  echo "peers: chromium already installed at /usr/bin/chromium"
else
  missing="$missing chromium"
fi
if [ -x /usr/sbin/kamailio ]; then
  echo "peers: kamailio already installed at /usr/sbin/kamailio"
else
  missing="$missing kamailio"
fi
[ -z "$missing" ] && exit 0
export DEBIAN_FRONTEND=noninteractive
apt-get update
# shellcheck disable=SC2086 # one word per package
apt-get install -y $missing
echo "peers: installed$missing"
