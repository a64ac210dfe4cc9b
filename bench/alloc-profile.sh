#!/usr/bin/env bash
# Bytes the app allocates per request, after warm-up, on one H2 instance of the built jar:
# anonymous /, signed-in /secret, the static stylesheet, and a whole sign-in (start, the
# demo provider, callback, landing page). Read from the JVM's own per-thread counters
# (bench/AllocatedBytes.java) before and after a measured stretch; figures do not depend on the
# machine's speed. With JFR=<folder>, each endpoint is then loaded once more under a JFR
# recording (settings=profile), kept there for `jfr view allocation-by-site` or
# `jfr print --events jdk.ObjectAllocationSample --stack-depth 64`.
#
# Environment: WARMUP [60s per endpoint]  DURATION [10s]  SIGNINS [100, after as many to warm up]
#   PORT_BASE [21080; uses PORT_BASE, +10 and +20]  JAVA [java]  JFR [unset]  SKIP_BUILD [unset]
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/common.sh
source bench/apps.sh
source bench/measure.sh
require_tools wrk curl

WARMUP=${WARMUP:-60s}
DURATION=${DURATION:-10s}
SIGNINS=${SIGNINS:-100}
PORT_BASE=${PORT_BASE:-21080}
ALLOC_PORT=$((PORT_BASE + 20))
JAVA=${JAVA:-java}
CLEANUP_CRON="0 0 * * * *"

if [ -z "${SKIP_BUILD:-}" ]; then
  build_jar_and_demo_provider
else
  ./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath.txt"
fi
start_demo_provider $((PORT_BASE + 10))
start_app app "$PORT_BASE" h2:alloc "$JAVA" -jar target/simple-login.jar
await_app app
sign_in_app app
pid=${APP_PID[app]}
url=${APP_URL[app]}

start_allocation_reader

load() { # duration, path, cookie (or empty): prints the number of requests
  wrk -t2 -c4 -d"$1" -H 'Accept: text/html' ${3:+-H "Cookie: $3"} "$url$2" | awk '/requests in/ { print $1 }'
}

per_request() { # label, path, cookie (or empty)
  local before after requests
  load "$WARMUP" "$2" "$3" > /dev/null
  before=$(allocated "$pid")
  requests=$(load "$DURATION" "$2" "$3")
  after=$(allocated "$pid")
  printf '%-22s %8d bytes/request (%d requests)\n' "$1" $(((after - before) / requests)) "$requests"
  if [ -n "${JFR:-}" ]; then
    mkdir -p "$JFR"
    jcmd "$pid" JFR.start name=alloc settings=profile > /dev/null
    load "$DURATION" "$2" "$3" > /dev/null
    jcmd "$pid" JFR.stop name=alloc filename="$(realpath "$JFR")/$4.jfr" > /dev/null
  fi
}

# Each loop drops the app's session cookie and what is left of earlier sign-ins' state
# cookies (curl kept them, and with a few of them the callback ended on error=expired);
# a sign-in that fails all the same is counted, and its bytes stay in the average.
sign_ins() { # count: signs alice in again and again, staying signed in at the provider
  local jar="$WORK/jar-loop" page="$WORK/page-loop" failed=0
  for _ in $(seq 1 "$1"); do
    [ -f "$jar" ] && sed -i '/\tSESSION\t/d; /\tSIGNIN_/d' "$jar"
    if (sign_in_as "$jar" "$page" "$url" alice > /dev/null); then
      get_as "$jar" "$page" "$url/" > /dev/null
    else
      failed=$((failed + 1))
    fi
  done
  [ "$failed" = 0 ] || echo "($failed of $1 sign-ins failed)" >&2
}

per_request "anonymous /" / "" home
per_request "signed-in /secret" /secret "SESSION=${APP_SESSION[app]}" secret
per_request "stylesheet" "$CSS_PATH" "" css
sign_ins "$SIGNINS"
before=$(allocated "$pid")
sign_ins "$SIGNINS"
after=$(allocated "$pid")
printf '%-22s %8d bytes/sign-in (%d sign-ins)\n' "whole sign-in" $(((after - before) / SIGNINS)) "$SIGNINS"
if [ -n "${JFR:-}" ]; then
  jcmd "$pid" JFR.start name=alloc settings=profile > /dev/null
  sign_ins "$SIGNINS"
  jcmd "$pid" JFR.stop name=alloc filename="$(realpath "$JFR")/signin.jfr" > /dev/null
fi
