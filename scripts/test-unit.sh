#!/bin/sh
# Unit and property tests (*.test.ts): need nothing but Node and npm.
exec sh "$(dirname "$0")/run-node-tests.sh" unit .test.ts "$@"
