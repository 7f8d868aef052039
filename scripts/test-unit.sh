#!/bin/sh
# Runs node's test runner on every *.test.ts below the given folders (default: all code folders),
# then prints the plain closing line CI reads ("unit: N passed, N failed").
# node --test on Node 20 neither expands globs nor picks up .ts files by itself, so list them.
dirs="${*:-engine simulator cli}"
files=$(find $dirs -name '*.test.ts' -not -path '*/node_modules/*' 2>/dev/null | sort)
if [ -z "$files" ]; then
  echo "no test files found under: $dirs" >&2
  exit 1
fi
mkdir -p .tmp
tap=.tmp/unit.tap
node --import tsx --test \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" \
  $files
rc=$?
pass=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tap" | tail -n 1)
fail=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tap" | tail -n 1)
echo "unit: ${pass:-0} passed, ${fail:-0} failed"
if [ "${pass:-0}" -eq 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit $rc
