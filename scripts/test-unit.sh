#!/bin/sh
# Runs node's test runner on every *.test.ts below the given folders (default: all code folders).
# node --test on Node 20 neither expands globs nor picks up .ts files by itself, so list them.
set -e
dirs="${*:-engine simulator cli}"
files=$(find $dirs -name '*.test.ts' -not -path '*/node_modules/*' 2>/dev/null | sort)
if [ -z "$files" ]; then
  echo "no test files found under: $dirs" >&2
  exit 1
fi
exec node --import tsx --test --test-reporter=spec $files
