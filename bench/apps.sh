# Sourced by bench/run.sh: app instances under load. Each instance has a name and is
# started from the built jar (or its extracted form) with its own store: an H2 file in the
# work folder, or a schema of the bench's PostgreSQL database. Every instance is registered
# with the demo provider, so sign-ins go through the real flow.

declare -A APP_PID APP_URL APP_STARTED_NS APP_FIRST_200_MS APP_SESSION

# The environment and arguments of one instance; the AOT training run must use the same.
app_env() { # store: h2:<file name> or pg:<schema>
  local store=$1
  echo $(demo_registration)
  case "$store" in
    h2:*) echo SPRING_DATASOURCE_URL="jdbc:h2:file:$WORK/${store#h2:}" ;;
    pg:*)
      # wrk and curl speak plain http here: the profile's __Host-SESSION cookie is Secure.
      local schema=${store#pg:}
      echo SPRING_PROFILES_ACTIVE=postgres SPRING_DATASOURCE_USERNAME=postgres \
        SPRING_DATASOURCE_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$PG_BENCH_DB?currentSchema=$schema" \
        SPRING_FLYWAY_DEFAULT_SCHEMA="$schema" SPRING_FLYWAY_SCHEMAS="$schema" \
        SERVER_SERVLET_SESSION_COOKIE_NAME=SESSION SERVER_SERVLET_SESSION_COOKIE_SECURE=false ;;
    *) echo "unknown store $store" >&2; return 1 ;;
  esac
}
# The actuator gets a port of its own, 1000 above the app's: the postgres profile's 8081 would
# be shared by several apps, and the jar's Spring AOT definitions expect one.
app_args() { # port; callers add --simplelogin.session.cleanup-cron themselves, quoted (it has spaces)
  echo --server.port="$1" --management.server.port=$(($1 + 1000)) --server.address=127.0.0.1 --logging.level.root=warn
}

start_app() { # name, port, store, java, java arguments (ending in -jar <jar>)...
  local name=$1 port=$2 store=$3 environment arguments
  shift 3
  # Worked out before the clock starts: the start time is the app's, not this script's.
  environment=$(app_env "$store")
  arguments=$(app_args "$port")
  APP_STARTED_NS[$name]=$(date +%s%N)
  env $environment "$@" $arguments --simplelogin.session.cleanup-cron="$CLEANUP_CRON" \
    > "$WORK/app-$name.log" 2>&1 &
  APP_PID[$name]=$!
  PIDS+=($!)
  APP_URL[$name]="http://127.0.0.1:$port"
}

# Polls often (not wait_for's 0.1 s), since the time to the first 200 is a result. Until the
# port is open it only connects, from bash itself: a curl every 20 ms took about a fifth of a
# core (5 ms of CPU each) from an app starting on 2 cores.
await_app() { # name
  local name=$1 deadline=$((SECONDS + 180)) port=${APP_URL[$1]##*:}
  until true 2>/dev/null 3<>"/dev/tcp/127.0.0.1/$port" && curl -sf --max-time 10 -o /dev/null "${APP_URL[$name]}/"; do
    if ! kill -0 "${APP_PID[$name]}" 2>/dev/null || (( SECONDS > deadline )); then
      echo "app $name did not start; its log:"; tail -n 30 "$WORK/app-$name.log"; exit 1
    fi
    sleep 0.02
  done
  APP_FIRST_200_MS[$name]=$(( ($(date +%s%N) - APP_STARTED_NS[$name]) / 1000000 ))
}

stop_app() { # name
  local pid=${APP_PID[$1]} kept=() p
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for p in "${PIDS[@]}"; do [ "$p" = "$pid" ] || kept+=("$p"); done
  PIDS=("${kept[@]}")
}

# Signs alice in on the instance through the demo provider and keeps the session cookie.
sign_in_app() { # name
  local name=$1 jar="$WORK/jar-$1" page="$WORK/page-$1" status
  rm -f "$jar"
  sign_in_as "$jar" "$page" "${APP_URL[$name]}" alice
  read -r status _ < <(get_as "$jar" "$page" "${APP_URL[$name]}/secret")
  [ "$status" = 200 ] || { echo "/secret on $name answered $status after sign-in"; exit 1; }
  APP_SESSION[$name]=$(awk '$6 == "SESSION" { print $7 }' "$jar")
  CSS_PATH=$(grep -o '/assets/css/app-[0-9a-f]*\.css' "$page" | head -n 1)
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # pid: user + system time
rss_mb() { awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$1/status"; } # pid
