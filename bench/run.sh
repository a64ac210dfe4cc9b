#!/usr/bin/env bash
# The benchmark. Builds the jar, starts the demo OpenID provider and instances of the app
# (H2, the postgres profile on a database it creates and drops, and -Xmx128m), signs in
# through the real flow, and loads them with wrk on loopback. Within a round every cell
# (instance, endpoint, connection count) runs once, in turn; each figure is the median of
# ROUNDS rounds. Prints the results and writes docs/PERFORMANCE.md and its chart.
#
# Sections (SECTIONS, any subset; they run in this order):
#   throughput  requests/s, p50, p99, app CPU and bytes allocated per request: anonymous /,
#               signed-in /secret, the app's static CSS on H2 and PostgreSQL, and the same CSS
#               from nginx
#   memory      the H2 cells again on an instance with -Xmx128m, next to the default heap; RSS
#   sessions    /secret with FEW_SESSIONS and BULK_SESSIONS stored sessions (PostgreSQL), p99
#               while the cleanup job deletes the bulk once expired, bytes per stored session
#   signins     sign-ins per second through the whole flow, app CPU and bytes allocated per
#               sign-in (H2 and PG)
#   stateless   on PostgreSQL, what anonymous traffic costs the database: floods of anonymous
#               /, /secret (as a browser asks) and sign-in starts at 16 connections, rows
#               inserted and commits counted by PostgreSQL next to an idle stretch as long,
#               and commits per whole sign-in (STATELESS_SIGNINS of them)
#   startup     start to first 200, the app's CPU by then, and RSS: JDK 17, JDK 25, JDK 25 with
#               an AOT cache, with Spring AOT too, and the README's command (that plus SMALL_HEAP's
#               JVM flags); the caches are trained with TRAIN_SECONDS of real load
#   warmup      from the start, signed-in /secret at 16 connections in 1-s wrk windows for
#               WARMUP_LOAD_SECONDS: the time until it reaches 90 % of its steady rate (the
#               median of the last WARMUP_STEADY_SECONDS windows), for the plain jar on JDK 17
#               and the README's command, WARMUP_ROUNDS starts of each, interleaved
#
# Environment (defaults in brackets; a full run takes about 45 minutes on a fast day, 55 on a slow one):
#   SECTIONS [all seven]  ROUNDS [3]  DURATION [5s] per cell  WARMUP [30s, in seconds]
#   CONNECTIONS ["1 16 64"]  SIGNIN_LOOPS [8]  SIGNIN_SECONDS [10]  SIGNIN_WARMUP [120]  SESSIONS_WARMUP [240s]
#   TRAIN_SECONDS [10]  WARMUP_LOAD_SECONDS [240]  WARMUP_STEADY_SECONDS [30]  WARMUP_ROUNDS [1]
#   FEW_SESSIONS [1000]  BULK_SESSIONS [1000000]  CLEANUP_CRON ["*/5 * * * * *"]
#   CLEANUP_TIMEOUT [900 s]  SMALL_HEAP [-Xmx128m -XX:+UseSerialGC
#   -XX:TrimNativeHeapInterval=5000]  JAVA_OPTS (load instances)
#   JAVA17 [java]  JAVA25 [/usr/lib/jvm/temurin-25-jdk-amd64/bin/java]
#   PORT_BASE [19080; uses PORT_BASE..+5, +10 and +20]  PG_HOST PG_PORT [127.0.0.1 5432]
#   PG_ADMIN_DB [test]  PG_BENCH_DB [simplelogin_bench, created and dropped]
#   DOC [docs/PERFORMANCE.md]  CHART [docs/images/performance.png]
# Every run also times bench/Calibrate.java, a fixed workload that does not involve the app, at
# its start and after the load sections: the machine's speed of the day, printed next to the
# results. Bytes allocated come from the app's own JVM counters (bench/AllocatedBytes.java).
#
# A smoke run (about 5 minutes): ROUNDS=1 DURATION=2s WARMUP=2s SIGNIN_SECONDS=3 SIGNIN_WARMUP=5
#   BULK_SESSIONS=20000 SESSIONS_WARMUP=5s TRAIN_SECONDS=2 WARMUP_LOAD_SECONDS=20 WARMUP_STEADY_SECONDS=5 bash bench/run.sh
#
# Needs: JDK 17 and 25, wrk, nginx, curl, psql, gnuplot (Debian: wrk nginx curl
# postgresql-client gnuplot-nox), a PostgreSQL at PG_HOST:PG_PORT where user postgres may
# create databases. Offline Maven: MAVEN_ARGS=-o bash bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/common.sh
source bench/apps.sh
source bench/measure.sh
source bench/report.sh

SECTIONS=" ${SECTIONS:-throughput memory sessions signins stateless startup warmup} "
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5s}
WARMUP=${WARMUP:-30s}
CONNECTIONS=(${CONNECTIONS:-1 16 64})
SIGNIN_LOOPS=${SIGNIN_LOOPS:-8}
SIGNIN_SECONDS=${SIGNIN_SECONDS:-10}
SIGNIN_WARMUP=${SIGNIN_WARMUP:-120}
SESSIONS_WARMUP=${SESSIONS_WARMUP:-240s}
STATELESS_SIGNINS=${STATELESS_SIGNINS:-30}
TRAIN_SECONDS=${TRAIN_SECONDS:-10}
WARMUP_LOAD_SECONDS=${WARMUP_LOAD_SECONDS:-240}
WARMUP_STEADY_SECONDS=${WARMUP_STEADY_SECONDS:-30}
WARMUP_ROUNDS=${WARMUP_ROUNDS:-1}
FEW_SESSIONS=${FEW_SESSIONS:-1000}
BULK_SESSIONS=${BULK_SESSIONS:-1000000}
# The app's default cleanup runs every minute; every 5 s lets the cleanup measurement start soon.
CLEANUP_CRON=${CLEANUP_CRON:-*/5 * * * * *}
CLEANUP_TIMEOUT=${CLEANUP_TIMEOUT:-900}
SMALL_HEAP=${SMALL_HEAP:--Xmx128m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=5000}
STARTUP_VARIANTS="jdk17 jdk25 jdk25x jdk25aot jdk25springaot recommended"
JAVA_OPTS=${JAVA_OPTS:-}
JAVA17=${JAVA17:-java}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
PORT_BASE=${PORT_BASE:-19080}
PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
PG_ADMIN_DB=${PG_ADMIN_DB:-test}
PG_BENCH_DB=${PG_BENCH_DB:-simplelogin_bench}
DOC=${DOC:-docs/PERFORMANCE.md}
CHART=${CHART:-docs/images/performance.png}
ALLOCATION_CHART=${ALLOCATION_CHART:-docs/images/allocation.png}

NGINX_PORT=$((PORT_BASE + 1))
PROVIDER_PORT=$((PORT_BASE + 10))
ALLOC_PORT=$((PORT_BASE + 20))
declare -A APP_LABEL=([h2]="H2" [pg]="PostgreSQL" [h2small]="H2 $SMALL_HEAP" [pgbulk]="PostgreSQL")

section() { [[ "$SECTIONS" == *" $1 "* ]]; }
needs_pg() { section throughput || section sessions || section signins || section stateless; }
require_tools wrk nginx curl java javac "$JAVA17"
needs_pg && require_tools psql
{ section startup || section warmup; } && require_tools "$JAVA25"

psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U postgres -d "$PG_ADMIN_DB" "$@"; }
after_stop() { # the trap in deploy/common.sh calls this once every process is stopped
  if [ -n "${PG_CREATED:-}" ]; then
    psql_admin -c "DROP DATABASE IF EXISTS $PG_BENCH_DB WITH (FORCE)" > /dev/null 2>&1 \
      || echo "could not drop database $PG_BENCH_DB"
  fi
}

start_nginx() { # serves the app's stylesheet from disk: the floor the app's static files are compared with
  mkdir -p "$WORK/static/css"
  cp src/main/resources/static/css/app.css "$WORK/static/css/app.css"
  # nginx's workers may run as another user: let them read the file.
  chmod a+x "$WORK"; chmod -R a+rX "$WORK/static"
  cat > "$WORK/nginx.conf" <<NGINX
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $WORK/cb; proxy_temp_path $WORK/px; fastcgi_temp_path $WORK/fc;
	uwsgi_temp_path $WORK/uw; scgi_temp_path $WORK/sc;
	server { listen 127.0.0.1:$NGINX_PORT; root $WORK/static; }
}
NGINX
  nginx -c "$WORK/nginx.conf" -p "$WORK"
  wait_for "http://127.0.0.1:$NGINX_PORT/css/app.css" 100
}

# Instances for the load sections, all on JDK 17 (the startup section starts its own).
start_instances() {
  local apps=()
  if section throughput || section memory || section signins; then
    start_app h2 "$PORT_BASE" h2:sessions "$JAVA17" $JAVA_OPTS -jar target/simple-login.jar; apps+=(h2)
  fi
  if needs_pg; then
    echo "== creating database $PG_BENCH_DB"
    psql_admin -c "DROP DATABASE IF EXISTS $PG_BENCH_DB WITH (FORCE)" -c "CREATE DATABASE $PG_BENCH_DB" > /dev/null
    PG_CREATED=1
    start_app pg $((PORT_BASE + 2)) pg:bench "$JAVA17" $JAVA_OPTS -jar target/simple-login.jar; apps+=(pg)
  fi
  if section memory; then
    start_app h2small $((PORT_BASE + 3)) h2:sessions-small "$JAVA17" $JAVA_OPTS $SMALL_HEAP -jar target/simple-login.jar
    apps+=(h2small)
  fi
  if section sessions; then
    # Its own schema, so the bulk of sessions doesn't touch the instance measured with few.
    start_app pgbulk $((PORT_BASE + 4)) pg:bench_bulk "$JAVA17" $JAVA_OPTS -jar target/simple-login.jar; apps+=(pgbulk)
  fi
  for app in "${apps[@]}"; do await_app "$app"; done
  for app in "${apps[@]}"; do echo "== signing in as alice on $app (${APP_FIRST_200_MS[$app]} ms to first 200)"; sign_in_app "$app"; done
  RUNNING_APPS=("${apps[@]}")
}

throughput_section() {
  local apps=() targets=() target app endpoint path cookie url round connections pid
  section throughput && apps+=(h2 pg)
  section memory && { section throughput || apps+=(h2); apps+=(h2small); }
  for app in "${apps[@]}"; do
    targets+=("$app|anonymous /|/|" "$app|signed-in /secret|/secret|SESSION=${APP_SESSION[$app]}" "$app|app static CSS|$CSS_PATH|")
  done
  if section throughput; then start_nginx; targets+=("nginx|nginx static CSS|/css/app.css|"); fi
  target_url() { [ "$1" = nginx ] && echo "http://127.0.0.1:$NGINX_PORT$2" || echo "${APP_URL[$1]}$2"; }

  echo "== warming up ($WARMUP per cell)"
  for target in "${targets[@]}"; do
    IFS='|' read -r app _ path cookie <<<"$target"
    wrk -t2 -c16 -d"$WARMUP" ${cookie:+-H "Cookie: $cookie"} "$(target_url "$app" "$path")" > /dev/null
  done
  echo "== throughput: ${#targets[@]} targets x ${#CONNECTIONS[@]} connection counts x $ROUNDS rounds of $DURATION"
  for round in $(seq 1 "$ROUNDS"); do
    for connections in "${CONNECTIONS[@]}"; do
      for target in "${targets[@]}"; do
        IFS='|' read -r app endpoint path cookie <<<"$target"
        pid=""; [ "$app" = nginx ] || pid=${APP_PID[$app]}
        echo "$app|$endpoint|$connections|$round|$(wrk_cell "$(target_url "$app" "$path")" "$cookie" "$connections" "$DURATION" "$pid")" \
          | tee -a "$WORK/throughput.txt"
      done
    done
  done
  for app in "${apps[@]}"; do echo "$app|$(rss_mb "${APP_PID[$app]}")" >> "$WORK/rss.txt"; done
  section throughput && allocation_profile h2
}

# Where the allocated bytes go: a JFR recording (the JDK's "profile" settings, which sample
# allocations weighted by bytes) of the warmed instance under each page's load, summed by
# bench/AllocationSites.java.
allocation_profile() { # app
  local app=$1 pid=${APP_PID[$1]} target name path cookie file
  for target in "signed-in /secret|/secret|SESSION=${APP_SESSION[$app]}" "anonymous /|/|"; do
    IFS='|' read -r name path cookie <<<"$target"
    file="$WORK/allocation-$app-${name//[^a-z]/}.jfr"
    jcmd "$pid" JFR.start name=allocation settings=profile > /dev/null
    wrk -t2 -c16 -d"$DURATION" ${cookie:+-H "Cookie: $cookie"} "${APP_URL[$app]}$path" > /dev/null
    jcmd "$pid" JFR.stop name=allocation filename="$file" > /dev/null
    java -cp "$WORK/tools" AllocationSites "${APP_LABEL[$app]}, $name" "$file" "$(at16 "$app" "$name" 10)" 8 \
      >> "$WORK/allocation-sites.md"
  done
}

# Copies the signed-in session's rows (spring_session and its attributes) under new ids until
# the schema holds the given number of sessions. The copies expire a day later than the
# original, so neither the cleanup job nor the run expires them by accident.
fill_sessions() { # app, schema, total sessions
  local app=$1 schema=$2 total=$3 session_id have chunk=100000 from to started=$SECONDS
  session_id=$(base64 -d <<<"${APP_SESSION[$app]}")
  have=$(psql_bench -c "SELECT count(*) FROM $schema.spring_session")
  echo "== $schema: copying the signed-in session up to $total sessions (has $have)"
  for (( from = have; from < total; from += chunk )); do
    to=$(( from + chunk < total ? from + chunk : total ))
    # Rows made by hand for the benchmark fire no triggers: announcing a million copies that
    # no instance has cached would measure the announcements, not the stored sessions.
    psql_bench -c "SET search_path = $schema" -c "SET session_replication_role = replica" -c "
      INSERT INTO spring_session (primary_id, session_id, creation_time, last_access_time, max_inactive_interval, expiry_time, principal_name)
      SELECT md5(s.primary_id || i)::uuid::text, 'copy-' || lpad(i::text, 31, '0'), s.creation_time, s.last_access_time,
        s.max_inactive_interval, s.expiry_time + 86400000, s.principal_name
      FROM spring_session s, generate_series($from + 1, $to) i WHERE s.session_id = '$session_id';
      INSERT INTO spring_session_attributes (session_primary_id, attribute_name, attribute_bytes)
      SELECT md5(s.primary_id || i)::uuid::text, a.attribute_name, a.attribute_bytes
      FROM spring_session s JOIN spring_session_attributes a ON a.session_primary_id = s.primary_id,
        generate_series($from + 1, $to) i WHERE s.session_id = '$session_id';"
  done
  psql_bench -c "SET search_path = $schema" -c "VACUUM ANALYZE spring_session" -c "VACUUM ANALYZE spring_session_attributes"
  echo "$app|$(psql_bench -c "SELECT count(*) FROM $schema.spring_session")" >> "$WORK/session-counts.txt"
  echo "   $((SECONDS - started)) s"
}

session_bytes() { # schema: the stored size per session, rows and on disk
  psql_bench -F'|' -c "SET search_path = $1" -c "
    SELECT (SELECT count(*) FROM spring_session),
      (SELECT sum(pg_column_size(s.*)) FROM spring_session s) / (SELECT count(*) FROM spring_session),
      (SELECT sum(pg_column_size(a.*)) FROM spring_session_attributes a) / (SELECT count(*) FROM spring_session),
      (pg_total_relation_size('spring_session') + pg_total_relation_size('spring_session_attributes')) / (SELECT count(*) FROM spring_session)" \
    > "$WORK/session-bytes.txt"
  # The real session's attributes, to see which of them make the row big.
  psql_bench -F'|' -c "SET search_path = $1" -c "
    SELECT a.attribute_name, pg_column_size(a.attribute_bytes), octet_length(a.attribute_bytes::text)
    FROM spring_session_attributes a JOIN spring_session s ON s.primary_id = a.session_primary_id
    WHERE s.session_id = '$(base64 -d <<<"${APP_SESSION[pgbulk]}")' ORDER BY 2 DESC" > "$WORK/session-attributes.txt"
  # And in memory: what one entry of an instance's session cache holds, decoded.
  psql_bench -c "SET search_path = $1" -c "
    SELECT a.attribute_bytes::text FROM spring_session_attributes a JOIN spring_session s ON s.primary_id = a.session_primary_id
    WHERE s.session_id = '$(base64 -d <<<"${APP_SESSION[pgbulk]}")' AND a.attribute_name = 'SPRING_SECURITY_CONTEXT'" \
    > "$WORK/security-context.json"
  "$JAVA17" -cp "target/classes:$(cat "$WORK/classpath.txt")" bench/SessionHeap.java "$WORK/security-context.json" 2000 \
    > "$WORK/session-heap.txt"
}

expired_count() { psql_bench -c "SELECT count(*) FROM bench_bulk.spring_session WHERE expiry_time < $1"; }
# Cheaper than a count of a million rows, so the polling barely loads the database under test.
any_expired() { [ "$(psql_bench -c "SELECT EXISTS (SELECT 1 FROM bench_bulk.spring_session WHERE expiry_time < $1)")" = t ]; }

# Expires the copies, then keeps /secret under load (16 connections) from the cleanup's first
# batch until no expired session is left.
cleanup_under_load() {
  local now expired started first="" done="" wrk_pid deadline
  now=$(( $(date +%s%3N) - 3600000 ))
  echo "== expiring the copies in bench_bulk"
  started=$(date +%s%N)
  psql_bench -c "SET session_replication_role = replica" \
    -c "UPDATE bench_bulk.spring_session SET expiry_time = $now WHERE session_id LIKE 'copy-%'"
  echo "expire_update_s|$(awk -v ns=$(( $(date +%s%N) - started )) 'BEGIN { printf "%.1f", ns / 1e9 }')" >> "$WORK/cleanup.txt"
  expired=$(expired_count $((now + 1)))
  echo "expired|$expired" >> "$WORK/cleanup.txt"
  deadline=$(( $(date +%s) + CLEANUP_TIMEOUT ))
  until [ "$(expired_count $((now + 1)))" -lt "$expired" ]; do
    (( $(date +%s) < deadline )) || { echo "the cleanup job did not start"; return 1; }
    sleep 0.2
  done
  first=$(date +%s%N)
  wrk -t2 -c16 -d"${CLEANUP_TIMEOUT}s" --latency -H "Cookie: SESSION=${APP_SESSION[pgbulk]}" "${APP_URL[pgbulk]}/secret" \
    > "$WORK/cleanup-wrk.txt" &
  wrk_pid=$!
  while any_expired $((now + 1)); do
    (( $(date +%s) < deadline )) || { echo "the cleanup did not finish in ${CLEANUP_TIMEOUT}s"; break; }
    sleep 0.5
  done
  done=$(date +%s%N)
  kill -INT "$wrk_pid"; wait "$wrk_pid" || true
  echo "cleanup_s|$(awk -v ns=$(( done - first )) 'BEGIN { printf "%.1f", ns / 1e9 }')" >> "$WORK/cleanup.txt"
  echo "left|$(expired_count $((now + 1)))" >> "$WORK/cleanup.txt"
  echo "wrk|$(parse_wrk < "$WORK/cleanup-wrk.txt")" >> "$WORK/cleanup.txt"
  cat "$WORK/cleanup.txt"
}

sessions_section() {
  local round app
  fill_sessions pg bench "$FEW_SESSIONS"
  fill_sessions pgbulk bench_bulk "$BULK_SESSIONS"
  session_bytes bench_bulk
  echo "== /secret with few and many sessions: $ROUNDS rounds of $DURATION at 16 connections"
  # The same warm-up for both, and a long one: pgbulk had no load yet, nor had pg when this
  # section runs alone, and an instance whose JIT is still compiling its request path looks
  # slower. On a slow day 90 s left the one warmed less at 2-3x the CPU per request either
  # way round; after 240 s each they were within 10%. pg's plans changed with its new rows, too.
  wrk -t2 -c16 -d"$SESSIONS_WARMUP" -H "Cookie: SESSION=${APP_SESSION[pg]}" "${APP_URL[pg]}/secret" > /dev/null
  wrk -t2 -c16 -d"$SESSIONS_WARMUP" -H "Cookie: SESSION=${APP_SESSION[pgbulk]}" "${APP_URL[pgbulk]}/secret" > /dev/null
  for round in $(seq 1 "$ROUNDS"); do
    for app in pg pgbulk; do
      echo "$app|$round|$(wrk_cell "${APP_URL[$app]}/secret" "SESSION=${APP_SESSION[$app]}" 16 "$DURATION" "${APP_PID[$app]}")" \
        | tee -a "$WORK/sessions.txt"
    done
  done
  cleanup_under_load
}

signins_section() {
  local round app
  echo "== warming up sign-ins (${SIGNIN_WARMUP}s per instance)"
  # One C2 compiler thread on 2 cores needs minutes for the sign-in path, which the page
  # loads never touch. (Waiting for its compile queue to empty does not help: HotSpot drops
  # queued compiles as soon as the load stops.)
  for app in h2 pg; do sign_in_loops "$app" "$SIGNIN_WARMUP" | tee -a "$WORK/signins-warmup.txt"; done
  echo "== sign-ins: $SIGNIN_LOOPS parallel users, $ROUNDS rounds of ${SIGNIN_SECONDS}s"
  for round in $(seq 1 "$ROUNDS"); do
    for app in h2 pg; do
      echo "$app|$round|$(sign_in_loops "$app" "$SIGNIN_SECONDS")" | tee -a "$WORK/signins.txt"
    done
  done
}

# JDK 17 and 25 on the jar as built; JDK 25 on the extracted jar without and with the AOT
# cache, so the cache's share is apart from the extraction's, and with the cache plus Spring
# AOT's bean definitions (built into the jar by process-aot, used with -Dspring.aot.enabled),
# and last the README's production command: all of that plus its JVM flags (SMALL_HEAP).
# Operators are told to start it that way, so that is the start they see; its gain over the
# same without the flags was within the noise of single runs (the JIT compiler threads, not
# the GC, take most of the second core during start-up on 2 cores).
# Each cache is trained by a run with the same environment and arguments as the measured runs
# that serves real requests (a sign-in, pages, the stylesheet) and is then stopped: the JVM
# writes the cache at exit, with what that run loaded, linked and profiled.
# PostgreSQL's own counters for the bench database and the instance's schema; the
# statistics are flushed within a second of a transaction, so each reading waits for that.
commits() { sleep 1.5; psql_bench -c "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()"; }
session_inserts() { psql_bench -c "SELECT COALESCE(sum(n_tup_ins), 0) FROM pg_stat_user_tables WHERE schemaname = 'bench'"; }

stateless_section() {
  local seconds=${DURATION%s} c0 c1 i0 i1 idle out name path n started elapsed
  : > "$WORK/stateless.txt"
  c0=$(commits); sleep "$seconds"; i0=$(session_inserts); c1=$(commits)
  idle=$((c1 - c0))
  echo "idle|$seconds|$idle" >> "$WORK/stateless.txt"
  for target in "anonymous /|/" "anonymous /secret|/secret" "sign-in start|/oauth2/authorization/demo"; do
    IFS='|' read -r name path <<<"$target"
    wrk -t2 -c16 -d"$WARMUP" -H "Accept: text/html" "${APP_URL[pg]}$path" > /dev/null
    i0=$(session_inserts); c0=$(commits)
    out=$(wrk -t2 -c16 -d"$DURATION" --latency -H "Accept: text/html" "${APP_URL[pg]}$path" | parse_wrk)
    c1=$(commits); i1=$(session_inserts)
    echo "flood|$name|$out|$((c1 - c0))|$((i1 - i0))" >> "$WORK/stateless.txt"
  done
  c0=$(commits); started=$SECONDS
  for n in $(seq 1 "$STATELESS_SIGNINS"); do
    rm -f "$WORK/jar-stateless"; sign_in_as "$WORK/jar-stateless" "$WORK/page-stateless" "${APP_URL[pg]}" alice
  done
  elapsed=$((SECONDS - started)); c1=$(commits)
  echo "signins|$STATELESS_SIGNINS|$((c1 - c0))|$elapsed" >> "$WORK/stateless.txt"
}

startup_section() {
  local app variant round port=$((PORT_BASE + 5)) name cpu
  for app in "${RUNNING_APPS[@]}"; do stop_app "$app"; done # quiet machine for start times
  echo "== training the AOT caches (JDK 25)"
  extract_jar
  train_aot_cache "$WORK/app.aot" "$port"
  train_aot_cache "$WORK/app-spring-aot.aot" "$port" -Dspring.aot.enabled=true
  train_aot_cache "$WORK/app-recommended.aot" "$port" -Dspring.aot.enabled=true $SMALL_HEAP
  declare -A command=(
    [jdk17]="$JAVA17 -jar target/simple-login.jar"
    [jdk25]="$JAVA25 -jar target/simple-login.jar"
    [jdk25x]="$JAVA25 -jar $WORK/extracted/simple-login.jar"
    [jdk25aot]="$JAVA25 -XX:AOTCache=$WORK/app.aot -jar $WORK/extracted/simple-login.jar"
    [jdk25springaot]="$JAVA25 -XX:AOTCache=$WORK/app-spring-aot.aot -Dspring.aot.enabled=true -jar $WORK/extracted/simple-login.jar"
    [recommended]="$(recommended_command)")
  echo "== start to first 200: $ROUNDS rounds"
  for round in $(seq 1 "$ROUNDS"); do
    for variant in $STARTUP_VARIANTS; do
      name="start-$variant"
      start_app "$name" "$port" h2:startup ${command[$variant]}
      await_app "$name"
      # The CPU it took, read at once: a figure a busy machine changes far less than the time.
      cpu=$(( $(cpu_ticks "${APP_PID[$name]}") * 1000 / TICKS ))
      sign_in_app "$name"
      wrk -t2 -c16 -d"$DURATION" -H "Cookie: SESSION=${APP_SESSION[$name]}" "${APP_URL[$name]}/secret" > /dev/null
      echo "$variant|$round|${APP_FIRST_200_MS[$name]}|$(rss_mb "${APP_PID[$name]}")|$cpu" | tee -a "$WORK/startup.txt"
      stop_app "$name"
    done
  done
  grep -i 'aot' "$WORK/app-start-jdk25aot.log" "$WORK/app-start-jdk25springaot.log" "$WORK/app-start-recommended.log" \
    | head -n 5 > "$WORK/aot-warnings.txt" || true
}

extract_jar() {
  [ -d "$WORK/extracted" ] || "$JAVA25" -Djarmode=tools -jar target/simple-login.jar extract --destination "$WORK/extracted" > /dev/null
}
recommended_command() { echo "$JAVA25 -XX:AOTCache=$WORK/app-recommended.aot -Dspring.aot.enabled=true $SMALL_HEAP -jar $WORK/extracted/simple-login.jar"; }

# The training run serves what production serves, under load, for TRAIN_SECONDS each: whole
# sign-ins, then every page at 16 connections. On JDK 25 the cache then holds the method
# profiles of that load too (JEP 515), so the JIT of a fresh instance starts from them.
train_aot_cache() { # cache file, port, extra JVM arguments...
  local cache=$1 port=$2 page
  shift 2
  start_app train "$port" h2:startup "$JAVA25" -XX:AOTCacheOutput="$cache" "$@" -jar "$WORK/extracted/simple-login.jar"
  await_app train
  sign_in_app train
  sign_in_loops train "$TRAIN_SECONDS" > /dev/null
  for page in / /secret "$CSS_PATH" /login; do
    wrk -t2 -c16 -d"$TRAIN_SECONDS"s -H "Cookie: SESSION=${APP_SESSION[train]}" "${APP_URL[train]}$page" > /dev/null
  done
  stop_app train
  [ -s "$cache" ] || { echo "AOT training run wrote no cache:"; tail -n 30 "$WORK/app-train.log"; exit 1; }
  ls -l "$cache"
}

# From the process's start, signed-in /secret at 16 connections in back-to-back 1-s wrk
# windows; each window is logged with its end time since the start.
warmup_section() {
  local app variant round port=$((PORT_BASE + 5)) name window rps
  for app in "${RUNNING_APPS[@]}"; do stop_app "$app"; done
  if [ ! -s "$WORK/app-recommended.aot" ]; then
    echo "== training the README's AOT cache (JDK 25)"
    extract_jar
    train_aot_cache "$WORK/app-recommended.aot" "$port" -Dspring.aot.enabled=true $SMALL_HEAP
  fi
  declare -A command=([jar]="$JAVA17 -jar target/simple-login.jar" [recommended]="$(recommended_command)")
  echo "== warm-up: $WARMUP_ROUNDS rounds of $WARMUP_LOAD_SECONDS s from the start"
  for round in $(seq 1 "$WARMUP_ROUNDS"); do
    for variant in jar recommended; do
      name="warm-$variant"
      start_app "$name" "$port" h2:warmup-$variant ${command[$variant]}
      await_app "$name"
      sign_in_app "$name"
      for window in $(seq 1 "$WARMUP_LOAD_SECONDS"); do
        rps=$(wrk -t2 -c16 -d1s -H "Cookie: SESSION=${APP_SESSION[$name]}" "${APP_URL[$name]}/secret" | parse_wrk)
        echo "$variant|$round|$(( ($(date +%s%N) - APP_STARTED_NS[$name]) / 1000000 ))|${rps%%|*}" >> "$WORK/warmup.txt"
      done
      awk -F'|' -v v="$variant" -v r="$round" '$1 == v && $2 == r && ++n % 30 == 0 { printf "%s: %d s from the start, %s requests/s\n", v, $3 / 1000, $4 }' \
        "$WORK/warmup.txt"
      stop_app "$name"
    done
  done
}

echo "== sections:$SECTIONS; $ROUNDS rounds of $DURATION"
echo "== building"
build_jar_and_demo_provider
echo "== calibration (bench/Calibrate.java, ms per round)"
echo "start|$(calibrate)" | tee -a "$WORK/calibration.txt"
start_allocation_reader
start_demo_provider "$PROVIDER_PORT"
RUNNING_APPS=()
if section throughput || section memory || section sessions || section signins || section stateless; then start_instances; fi
timed() { # section function: reports how long it took, to size ROUNDS and DURATION
  local started=$SECONDS
  "$@"
  echo "== $1 took $((SECONDS - started)) s" | tee -a "$WORK/timings.txt"
}
if section throughput || section memory; then
  timed throughput_section
  echo "after the throughput cells|$(calibrate)" | tee -a "$WORK/calibration.txt"
fi
if section sessions; then timed sessions_section; fi
if section signins; then timed signins_section; fi
# Before the start sections, which stop the load instances for a quiet machine.
if section stateless; then timed stateless_section; fi
if section startup; then timed startup_section; fi
if section warmup; then timed warmup_section; fi
echo "end|$(calibrate)" | tee -a "$WORK/calibration.txt"
write_report
echo "== the whole run took $SECONDS s"
