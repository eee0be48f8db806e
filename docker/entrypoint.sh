#!/bin/sh
# The image's `caravan` command (/usr/local/bin/caravan): ./caravan without the build step.
#   caravan serve                      the service (the image's default command)
#   caravan import SYSTEM OBJECT FILE  one-shot commands: no HTTP listener, logs on stderr only,
#   caravan runs | rejects RUN_ID | objects   so stdout carries just the output (e.g. --json)
# JAVA_OPTS comes from the image (container-aware heap); JAVA_OPTS_APPEND adds to it.
set -eu

[ "$#" -gt 0 ] || set -- serve

# Only `serve` is the service (`serve --help` is not); the rest is one-shot: no HTTP listener, quiet
# unless CARAVAN_LOG_LEVEL (environment or .env) says otherwise.
service=false
if [ "$1" = "serve" ]; then
  service=true
  for a in "$@"; do
    case "$a" in
      -h|--help|-V|--version) service=false ;;
      --) break ;;
    esac
  done
fi
extra=""
if [ "$service" = false ]; then
  extra="-Dquarkus.http.host-enabled=false -Dquarkus.log.console.stderr=true -Dquarkus.log.level=WARN -Dcaravan-cli.log-level=WARN"
fi

# Camel Main reads the command line too and prints its own options for a bare -h: pass --help instead.
n=$#
after=false
for a in "$@"; do
  if [ "$after" = false ] && [ "$a" = "-h" ]; then a=--help; fi
  [ "$a" = "--" ] && after=true
  set -- "$@" "$a"
done
shift "$n"

# shellcheck disable=SC2086 # JAVA_OPTS and extra are lists of options
exec java ${JAVA_OPTS:-} ${JAVA_OPTS_APPEND:-} $extra -jar /deployments/quarkus-run.jar "$@"
