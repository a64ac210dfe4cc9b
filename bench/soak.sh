#!/usr/bin/env bash
# The soak test: faults survived, checked answer by answer. Builds the jar, starts a
# PostgreSQL of its own, the demo provider (with an account per simulated person, sending
# back-channel logout tokens to the app), three instances of the jar (postgres profile) on
# that one database and nginx in front of them. bench/SoakLoad.java then plays SOAK_PEOPLE
# people, each with two browsers of their own, who sign in, browse /, /secret and /sessions,
# sign out, end their other browser's session on the sessions page, sign out at the
# provider (back-channel), or keep their session until its max age (SOAK_MAX_AGE). Just before an ending the session is asked of every instance
# directly (so each has it in its cache); after it, its cookie is replayed for a second, through
# nginx and to every instance directly (the instance that ended it drops its own copy anyway;
# only the others show whether PostgreSQL's announcement arrived). Meanwhile
# this script injects faults at random times, in shuffled rounds of one of each kind (an
# instance fault waits until every instance is up: one instance down at a time):
#   kill-9               kill -9 of an instance, then its restart
#   sigterm-restart      SIGTERM (graceful shutdown), then its restart
#   postgres-restart     PostgreSQL stopped, 1 to 3 s of nothing, started again
#   listener-terminated  pg_terminate_backend of one instance's LISTEN connection
#   sigstop              SIGSTOP of one instance for 2 to 5 s, then SIGCONT
# and each fault's begin and end goes to a log the checker reads. The checker's rules, for
# every answer (its send and receive times kept):
#   revocation       no signed-in page for a session sent more than 100 ms (the README's bound
#                    on PostgreSQL) after it ended, on any instance; answers while the database
#                    is down or recovering (5 s after it is back) are counted apart; the
#                    report shows how often each instance's session cache was in use
#   someone else's   no page shows another person's name, e-mail or subject
#   5xx              no 5xx but 503; a 503 only while the database is down or recovering, and
#                    within 2 s (of its sending, or of the database going down if the request
#                    was already under way: the app cannot know of an outage before it begins,
#                    and the report shows the slowest from the sending too); nginx's 502 for a request in flight on an instance killed or
#                    restarted under it is counted apart (a browser sees a dropped connection),
#                    and so is the lateness of an answer from an instance that was paused
#   signed out       a live session is signed in on every request, allowing one retry (as a
#                    browser after a dropped connection) and waiting out 503s
#   readiness        each instance's /actuator/health/readiness, sampled every 250 ms next to
#                    a signed-in /secret asked of that instance directly: UP exactly while it
#                    serves, with a tolerance of 5 s (the readiness check's own 1 s wait for
#                    a connection, the session cache's 1 s probe and the sampling itself)
# It writes docs/RELIABILITY.md (do not edit it by hand) and exits 1 on any violation.
#
# Environment (defaults in brackets):
#   SOAK_DURATION [600] seconds of load and faults (CI runs 120)  SOAK_PEOPLE [50]
#   SOAK_MAX_AGE [30] seconds: the instances' simplelogin.session.max-age, short so that
#     sessions also end by reaching it (a browser that keeps its session lets it)
#   SOAK_MUTATION [none]; no-invalidation replaces the triggers' functions, once Flyway made
#     them, with ones that announce nothing: the caches are trusted (the listener still hears
#     its probes) but never told of an ended session. The checker must then find revocation
#     violations: the script exits 0 if it did, 1 if it did not, and writes the report to
#     target/RELIABILITY-<mutation>.md instead
#   SOAK_PG [own]: own = a PostgreSQL cluster of its own in the work folder (initdb, as user
#     postgres when run as root), so restarting it disturbs nobody; machine = the machine's
#     cluster at 127.0.0.1:5432 (pg_ctlcluster restarts it; a database soak_<pid>)
#   PORT_BASE [20000; uses +1..+3, +101..+103, +10, +20 and, for SOAK_PG=own, +900]
#   DOC [docs/RELIABILITY.md]  SOAK_BUILD [1]; 0 uses the jar and test classes already built
# Needs: a JDK 17+, nginx, curl, psql, PostgreSQL's server binaries (Debian: nginx curl
# postgresql), Maven's dependencies (or MAVEN_ARGS=-o).
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/common.sh

SOAK_DURATION=${SOAK_DURATION:-600}
SOAK_PEOPLE=${SOAK_PEOPLE:-50}
SOAK_MAX_AGE=${SOAK_MAX_AGE:-30}
SOAK_MUTATION=${SOAK_MUTATION:-none}
SOAK_PG=${SOAK_PG:-own}
PORT_BASE=${PORT_BASE:-20000}
DOC=${DOC:-docs/RELIABILITY.md}
[ "$SOAK_MUTATION" = none ] || DOC=target/RELIABILITY-$SOAK_MUTATION.md
case "$SOAK_MUTATION" in none|no-invalidation) ;; *) echo "unknown SOAK_MUTATION $SOAK_MUTATION"; exit 2;; esac

LB_PORT=$((PORT_BASE + 10))
PROVIDER_PORT=$((PORT_BASE + 20))
INSTANCES=(a b c)
declare -A APP_PORT=([a]=$((PORT_BASE + 1)) [b]=$((PORT_BASE + 2)) [c]=$((PORT_BASE + 3)))
FAULTS="$WORK/faults.log"
require_tools nginx curl psql java
chmod 755 "$WORK"

# PostgreSQL: the cluster, how to reach it, and how to restart it.
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$SOAK_PG" = own ]; then
  [ -x "$PG_BIN/initdb" ] || { echo "no PostgreSQL server binaries (Debian: apt-get install postgresql), or set SOAK_PG=machine"; exit 2; }
  PG_PORT=$((PORT_BASE + 900)) PG_DB=soak
  mkdir -p "$WORK/pg"; [ "$(id -u)" = 0 ] && chown postgres "$WORK/pg"
  as_postgres "$PG_BIN/initdb" -D "$WORK/pg/data" -U postgres --auth=trust -E UTF8 > "$WORK/initdb.log"
  pg_start() { as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c max_connections=100 -c fsync=off" start > /dev/null; }
  pg_stop() { as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m fast -w stop > /dev/null; }
  pg_start
else
  PG_PORT=5432 PG_DB=soak_$$
  cluster=$(ls /etc/postgresql | head -n 1)
  pg_start() { pg_ctlcluster --skip-systemctl-redirect "$cluster" main start; }
  pg_stop() { pg_ctlcluster --skip-systemctl-redirect "$cluster" main stop; }
fi
psql_soak() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"; }
psql_soak -d postgres -c "CREATE DATABASE $PG_DB"
PG_CREATED=1

after_stop() { # the trap in deploy/common.sh calls this once every process it knows is stopped
  for name in "${INSTANCES[@]}"; do
    if [ -f "$WORK/pid-$name" ]; then
      pid=$(cat "$WORK/pid-$name"); kill -CONT "$pid" 2>/dev/null || true; kill -9 "$pid" 2>/dev/null || true
    fi
  done
  if [ -n "${FAULTS_PID:-}" ]; then kill "$FAULTS_PID" 2>/dev/null || true; fi
  if [ "$SOAK_PG" = own ]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m immediate stop > /dev/null 2>&1 || true
  elif [ -n "${PG_CREATED:-}" ]; then
    pg_start > /dev/null 2>&1 || true
    psql_soak -d test -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" > /dev/null 2>&1 || true
  fi
}

if [ "${SOAK_BUILD:-1}" = 1 ]; then
  echo "== building the jar and the demo provider"
  build_jar_and_demo_provider
else
  ./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath.txt"
fi

echo "== starting the demo OpenID provider on 127.0.0.1:$PROVIDER_PORT, with $SOAK_PEOPLE people"
java -cp "target/test-classes:$(cat "$WORK/classpath.txt")" dev.simplelogin.TestSimpleLoginApplication \
  --provider-only "$PROVIDER_PORT" "$WORK/provider.txt" --people="$SOAK_PEOPLE" \
  --back-channel="http://127.0.0.1:$LB_PORT/logout/connect/back-channel/demo" > "$WORK/provider.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$PROVIDER_PORT/.well-known/openid-configuration" 900
for _ in $(seq 1 50); do [ -s "$WORK/provider.txt" ] && break; sleep 0.1; done

STATE_COOKIE_KEY=$(head -c 32 /dev/urandom | base64)
REGISTRATION=$(demo_registration)
start_instance() { # name
  local port=${APP_PORT[$1]}
  env $REGISTRATION \
    SPRING_PROFILES_ACTIVE=postgres SPRING_DATASOURCE_USERNAME=postgres \
    SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$PG_DB" \
    SERVER_SERVLET_SESSION_COOKIE_NAME=SESSION SERVER_SERVLET_SESSION_COOKIE_SECURE=false \
    SIMPLELOGIN_STATECOOKIE_KEY="$STATE_COOKIE_KEY" \
    java -Xmx128m -XX:+UseSerialGC -jar target/simple-login.jar \
    --server.port="$port" --server.address=127.0.0.1 --management.server.port=$((port + 100)) \
    --simplelogin.session.max-age="${SOAK_MAX_AGE}s" --logging.level.root=warn >> "$WORK/app-$1.log" 2>&1 &
  echo $! > "$WORK/pid-$1"
}
await_instance() { # name
  local deadline=$((SECONDS + 300))
  until curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$((APP_PORT[$1] + 100))/actuator/health/readiness"; do
    (( SECONDS < deadline )) && kill -0 "$(cat "$WORK/pid-$1")" 2>/dev/null \
      || { echo "instance $1 did not get ready"; tail -n 30 "$WORK/app-$1.log"; return 1; }
    sleep 0.2
  done
}

echo "== starting three instances on PostgreSQL 127.0.0.1:$PG_PORT/$PG_DB"
# One first: Flyway migrates once, and the others find the schema made.
start_instance a; await_instance a
start_instance b; start_instance c; await_instance b; await_instance c
if [ "$SOAK_MUTATION" = no-invalidation ]; then
  echo "== mutation: the triggers announce nothing"
  psql_soak -d "$PG_DB" <<'SQL'
CREATE OR REPLACE FUNCTION spring_session_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RETURN NULL; END $$;
CREATE OR REPLACE FUNCTION spring_session_attributes_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RETURN NULL; END $$;
CREATE OR REPLACE FUNCTION spring_session_announce_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RETURN NULL; END $$;
SQL
fi

echo "== starting nginx on 127.0.0.1:$LB_PORT"
mkdir -p "$WORK"/{client_body,proxy,fastcgi,uwsgi,scgi}
# Every simulated person comes from 127.0.0.1: the sign-in limit per address is lifted. Each
# answer names the instance that gave it (X-Soak-Upstream), for the checker.
sed -e "s|__WORK__|$WORK|g" -e "s|__LB__|$LB_PORT|g" -e "s|__SERVER_NAME__|127.0.0.1|g" \
    -e "s|__SIGNIN_RATE__|100000r/s|g" -e "s|worker_connections 256|worker_connections 4096|" \
    -e "s|access_log __WORK__/nginx-access.log upstreams;|access_log off;|" \
    -e "s|server 127.0.0.1:__APP_B__;|server 127.0.0.1:__APP_B__;\n\t\tserver 127.0.0.1:__APP_C__;|" \
    -e "s|proxy_pass http://simple_login;|proxy_pass http://simple_login;\n\t\t\tadd_header X-Soak-Upstream \$upstream_addr always;|" \
    -e "s|__APP_A__|${APP_PORT[a]}|g" -e "s|__APP_B__|${APP_PORT[b]}|g" -e "s|__APP_C__|${APP_PORT[c]}|g" \
    deploy/nginx.conf > "$WORK/nginx.conf"
nginx -c "$WORK/nginx.conf" -p "$WORK"
wait_for "http://127.0.0.1:$LB_PORT/" 100

fault() { echo "$(date +%s%3N) $1 $2 $3" >> "$FAULTS"; } # kind, instance, begin|end
gone() { while kill -0 "$1" 2>/dev/null; do sleep 0.1; done; } # pid: not always our child
# An instance at random, once all of them are up (none if that takes past the run's end):
# one instance down at a time, as a deployment of three is sized for. With two of three
# down (a restart that failed while PostgreSQL restarted, and a kill meanwhile), the one
# left served the whole crowd for over a minute on cold JIT, and its answers were late.
up_instance() {
  local name
  while ls "$WORK"/restarting-* > /dev/null 2>&1; do
    (( SECONDS < until - 10 )) || return 1
    sleep 0.5
  done
  echo "${INSTANCES[$((RANDOM % ${#INSTANCES[@]}))]}"
}
# Killed or stopped, then started again in the background: a restart takes long on a busy
# machine, and the other faults go on meanwhile.
restart() { # kind, name, signal
  local pid
  pid=$(cat "$WORK/pid-$2"); touch "$WORK/restarting-$2"
  fault "$1" "$2" begin; kill "-$3" "$pid"
  # A start while PostgreSQL restarts fails (Flyway needs it), as it would under any process
  # supervisor, which starts it again.
  ( gone "$pid"; start_instance "$2"
    until await_instance "$2" > /dev/null; do gone "$(cat "$WORK/pid-$2")"; start_instance "$2"; done
    fault "$1" "$2" end; rm -f "$WORK/restarting-$2" ) &
}
inject_faults() {
  local until=$((SECONDS + SOAK_DURATION)) kind name pid
  sleep 10 # the crowd signs in first
  while (( SECONDS < until - 10 )); do
    for kind in $(printf '%s\n' kill-9 sigterm-restart postgres-restart listener-terminated sigstop | shuf); do
      (( SECONDS < until - 10 )) || break
      case "$kind" in
        kill-9) name=$(up_instance) && restart "$kind" "$name" KILL ;;
        sigterm-restart) name=$(up_instance) && restart "$kind" "$name" TERM ;;
        postgres-restart)
          fault "$kind" all begin; pg_stop; sleep $((1 + RANDOM % 3)); pg_start
          until pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; do sleep 0.1; done; fault "$kind" all end ;;
        listener-terminated)
          fault "$kind" any begin
          psql_soak -d "$PG_DB" -tA -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE application_name = 'simple-login session listener' ORDER BY random() LIMIT 1" > /dev/null || true
          fault "$kind" any end ;;
        sigstop)
          if name=$(up_instance); then
            pid=$(cat "$WORK/pid-$name")
            fault "$kind" "$name" begin; kill -STOP "$pid"; sleep $((2 + RANDOM % 4)); kill -CONT "$pid"
            fault "$kind" "$name" end
          fi ;;
      esac
      sleep $((3 + RANDOM % 8))
    done
  done
  wait # for restarts under way
}

echo "== $SOAK_PEOPLE people for $SOAK_DURATION s, with faults"
touch "$FAULTS"
inject_faults &
FAULTS_PID=$!
targets=$(for name in "${INSTANCES[@]}"; do
  printf '%s=http://127.0.0.1:%s|http://127.0.0.1:%s,' "$name" "${APP_PORT[$name]}" $((APP_PORT[$name] + 100)); done)
status=0
java bench/SoakLoad.java "http://127.0.0.1:$LB_PORT" "$(value issuer)" "$WORK/provider.txt" "$SOAK_PEOPLE" \
  "$SOAK_DURATION" "${targets%,}" "$FAULTS" "$DOC" "$SOAK_MUTATION" "$SOAK_MAX_AGE" || status=$?
wait "$FAULTS_PID" 2>/dev/null || true
FAULTS_PID=""
if [ "$SOAK_MUTATION" != none ]; then
  revocations=$(sed -n 's/^| revocation | \([0-9]*\) |$/\1/p' "$DOC" 2>/dev/null || true)
  if [ "${revocations:-0}" -gt 0 ]; then
    echo "OK: with $SOAK_MUTATION the checker found $revocations revocation violations"; exit 0
  fi
  echo "the checker found no revocation violation with $SOAK_MUTATION: it cannot fail"
  # A cache that is seldom in use (probes not heard within 1 s on an overloaded machine) serves
  # no stale session either: then the run proved nothing either way.
  grep '^| session cache of ' "$DOC" 2>/dev/null || true
  exit 1
fi
if [ "$status" = 0 ]; then echo "OK: no violation"; exit 0; fi
# The work folder goes when the script ends: keep what explains the violations.
mkdir -p target/soak-logs
cp "$WORK"/app-*.log "$WORK/provider.log" "$FAULTS" target/soak-logs/ 2>/dev/null || true
echo "violations found: see $DOC; the instances' warnings and errors (all logs in target/soak-logs):"
grep -h -E ' (WARN|ERROR) ' "$WORK"/app-*.log | tail -n 40 || true
exit "$status"
