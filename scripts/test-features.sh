#!/bin/sh
# The Cucumber conformance suite through its runner (features/runner/suite.ts: the ci profile, reports,
# timelines, reports/index.html and the summary by area; extra arguments pass through to
# cucumber-js, e.g. --tags @D1), ending with the closing line "cucumber: N passed, N failed" that
# CI reads. Fails when cucumber failed or when no scenario ran (a tag typo must not pass as green).
cd "$(dirname "$0")/.." || exit 1
exec node --import tsx features/runner/suite.ts "$@"
