#!/bin/sh
# Mutation testing of the registrant core (stryker.config.mjs), then the survivors by file and the
# closing line "mutation score: <n>%". Fails when Stryker failed or the score is below 90%.
cd "$(dirname "$0")/.." || exit 1
rm -f reports/mutation/mutation.json
node_modules/.bin/stryker run "$@"
rc=$?
node scripts/mutation-summary.mjs reports/mutation/mutation.json
summary=$?
[ "$rc" -ne 0 ] && exit "$rc"
exit "$summary"
