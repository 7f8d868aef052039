#!/bin/sh
# Runs node's test runner on every file ending in SUFFIX below the given folders, then prints
# the plain closing line CI reads ("LABEL: N passed, N failed"). Fails when no test ran.
# node --test on Node 20 neither expands globs nor picks up .ts files by itself, so list them.
# Usage: run-node-tests.sh LABEL SUFFIX [FOLDER...]
label=$1
suffix=$2
shift 2
dirs="${*:-engine simulator cli bench scripts interop}"
files=$(find $dirs -name "*$suffix" -not -path '*/node_modules/*' 2>/dev/null | sort)
if [ -z "$files" ]; then
  echo "no *$suffix files found under: $dirs" >&2
  exit 1
fi
mkdir -p .tmp
tap=".tmp/$label.tap"
node --import tsx --test \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" \
  $files
rc=$?
pass=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tap" | tail -n 1)
fail=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tap" | tail -n 1)
echo "$label: ${pass:-0} passed, ${fail:-0} failed"
if [ "${pass:-0}" -eq 0 ]; then
  echo "no $label test ran" >&2
  exit 1
fi
exit $rc
