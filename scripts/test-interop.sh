#!/bin/sh
# Tests against peers we did not write (*.interop.ts), such as SIPp; install them first with
# `npm run peers:install`.
exec sh "$(dirname "$0")/run-node-tests.sh" interop .interop.ts "$@"
