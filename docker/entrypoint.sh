#!/bin/sh
# The image's `caravan` command (/usr/local/bin/caravan): ./caravan without the build step.
#   caravan serve                      the service (the image's default command)
#   caravan import SYSTEM OBJECT FILE  one-shot commands: no HTTP listener, logs on stderr only,
#   caravan runs | rejects RUN_ID | objects   so stdout carries just the output (e.g. --json)
# JAVA_OPTS comes from the image (container-aware heap); JAVA_OPTS_APPEND adds to it.
set -eu

[ "$#" -gt 0 ] || set -- serve

extra=""
if [ "$1" != "serve" ]; then
  extra="-Dquarkus.http.host-enabled=false -Dquarkus.log.console.stderr=true -Dquarkus.log.level=WARN"
  export CARAVAN_LOG_LEVEL="${CARAVAN_LOG_LEVEL:-WARN}"
fi

# shellcheck disable=SC2086 # JAVA_OPTS and extra are lists of options
exec java ${JAVA_OPTS:-} ${JAVA_OPTS_APPEND:-} $extra -jar /deployments/quarkus-run.jar "$@"
