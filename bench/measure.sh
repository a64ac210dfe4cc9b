# Sourced by bench/run.sh: one wrk cell, parallel sign-in loops, PostgreSQL access, and
# the small statistics the report needs. Results are lines of |-separated fields in files
# under $WORK; the report takes medians over rounds from them.

TICKS=$(getconf CLK_TCK)

to_ms() { # a wrk latency (950.00us, 1.20ms, 2.01s) as milliseconds
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) }
    else if (v ~ /m$/) { sub(/m$/, "", v); v *= 60000 } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f", v }'
}

# Parses wrk --latency output into: requests/s|p50 ms|p99 ms|requests|non-2xx and errors
parse_wrk() {
  awk '/^Requests\/sec/ { rps = $2 } /requests in/ { n = $1 } $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 }
    /Non-2xx/ { bad += $NF } /Socket errors/ { for (i = 4; i <= NF; i += 2) bad += $i }
    END { print rps "|" p50 "|" p99 "|" n "|" bad + 0 }' | {
    IFS='|' read -r rps p50 p99 n bad
    echo "$rps|$(to_ms "$p50")|$(to_ms "$p99")|$n|$bad"
  }
}

# The benchmark's own Java tools (bench/*.java), compiled once into the work folder.
bench_tools() {
  [ -d "$WORK/tools" ] || javac -d "$WORK/tools" bench/AllocatedBytes.java bench/AllocationSites.java bench/SignInLoad.java \
    bench/Calibrate.java
}

# bench/AllocatedBytes.java as a small server on ALLOC_PORT: it attaches to an app once and
# then answers its allocated bytes so far, read from the JVM's own counters.
start_allocation_reader() {
  bench_tools
  java -cp "$WORK/tools" AllocatedBytes "$ALLOC_PORT" > "$WORK/allocated-bytes.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 100); do true 2>/dev/null 3<>"/dev/tcp/127.0.0.1/$ALLOC_PORT" && return 0; sleep 0.1; done
  echo "bench/AllocatedBytes.java did not start"; cat "$WORK/allocated-bytes.log"; exit 1
}
allocated() { # pid: the bytes that JVM has allocated so far, or - when it cannot be read
  local bytes=-
  { exec 3<>"/dev/tcp/127.0.0.1/$ALLOC_PORT" && echo "$1" >&3 && read -r bytes <&3; exec 3>&-; } 2>/dev/null || true
  echo "${bytes:--}"
}
per_request_kb() { # bytes before, bytes after, requests
  awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { if (a == "-" || b == "-" || !n) print "-"; else printf "%.1f", (b - a) / n / 1024 }'
}

# The calibration: bench/Calibrate.java's fixed single-threaded workload, with fixed flags on
# JDK 17. Prints its median ms per round; the same work every run, so it shows the machine's
# speed of the moment next to the app's figures.
calibrate() {
  bench_tools
  java -Xmx256m -Xms256m -XX:+UseSerialGC -cp "$WORK/tools" Calibrate 5
}

# One cell: wrk against a url; the app's CPU time and allocated bytes per request when a pid
# is given. Prints: requests/s|p50 ms|p99 ms|CPU ms per request|non-2xx and errors|KB allocated per request
wrk_cell() { # url, cookie (or empty), connections, duration, app pid (or empty)
  local url=$1 cookie=$2 connections=$3 duration=$4 pid=$5 before after out rps p50 p99 n bad cpu="-" a0=- a1=-
  [ -n "$pid" ] && { a0=$(allocated "$pid"); before=$(cpu_ticks "$pid"); }
  out=$(wrk -t"$(( connections < 2 ? 1 : 2 ))" -c"$connections" -d"$duration" --latency \
    ${cookie:+-H "Cookie: $cookie"} "$url" | parse_wrk)
  [ -n "$pid" ] && { after=$(cpu_ticks "$pid"); a1=$(allocated "$pid"); }
  IFS='|' read -r rps p50 p99 n bad <<<"$out"
  [ -n "$pid" ] && cpu=$(awk -v t=$((after - before)) -v hz="$TICKS" -v n="$n" 'BEGIN { printf "%.3f", n ? t / hz * 1000 / n : 0 }')
  echo "$rps|$p50|$p99|$cpu|$bad|$(per_request_kb "$a0" "$a1" "$n")"
}

# SIGNIN_LOOPS people sign in over and over through the whole flow (bench/SignInLoad.java,
# compiled once into the work folder): Java clients, since curl loops spend their time starting
# processes and gave the app too few sign-ins for its JIT to compile that path. Each stays
# signed in at the provider, as most people at Google do. The first seconds (the provider's
# password, the client's own start) are not measured. Prints: sign-ins/s|app CPU ms per
# sign-in|failures|of that, JIT compiler ms|KB allocated per sign-in
sign_in_loops() { # app name, seconds
  bench_tools
  java -cp "$WORK/tools" SignInLoad "${APP_URL[$1]}" "$(value issuer)" alice "$(value alice)" \
    "${APP_PID[$1]}" "$SIGNIN_LOOPS" 2 "$2"
}

psql_bench() { # SQL as arguments, on the bench database; prints unaligned, tuples only
  psql -X -q -v ON_ERROR_STOP=1 -At -h "$PG_HOST" -p "$PG_PORT" -U postgres -d "$PG_BENCH_DB" "$@"
}

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR) print a[int((NR + 1) / 2)]; else print "-" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "-" && b != "-" && b > 0) printf "%.2f", a / b; else print "-" }'; }
# "yes" when value op target holds (op: <= or >=), "-" when there is no value
meets() { # value, op, target
  awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { if (v == "-" || v == "") print "-"; else if (op == "<=") print (v + 0 <= t + 0) ? "yes" : "no"; else print (v + 0 >= t + 0) ? "yes" : "no" }'
}
