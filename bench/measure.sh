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

# One cell: wrk against a url; the app's CPU time per request when a pid is given.
# Prints: requests/s|p50 ms|p99 ms|CPU ms per request|non-2xx and errors
wrk_cell() { # url, cookie (or empty), connections, duration, app pid (or empty)
  local url=$1 cookie=$2 connections=$3 duration=$4 pid=$5 before after out rps p50 p99 n bad cpu="-"
  [ -n "$pid" ] && before=$(cpu_ticks "$pid")
  out=$(wrk -t"$(( connections < 2 ? 1 : 2 ))" -c"$connections" -d"$duration" --latency \
    ${cookie:+-H "Cookie: $cookie"} "$url" | parse_wrk)
  [ -n "$pid" ] && after=$(cpu_ticks "$pid")
  IFS='|' read -r rps p50 p99 n bad <<<"$out"
  [ -n "$pid" ] && cpu=$(awk -v t=$((after - before)) -v hz="$TICKS" -v n="$n" 'BEGIN { printf "%.3f", n ? t / hz * 1000 / n : 0 }')
  echo "$rps|$p50|$p99|$cpu|$bad"
}

# SIGNIN_LOOPS people sign in over and over through the whole flow (bench/SignInLoad.java,
# compiled once into the work folder): Java clients, since curl loops spend their time starting
# processes and gave the app too few sign-ins for its JIT to compile that path. Each stays
# signed in at the provider, as most people at Google do. The first seconds (the provider's
# password, the client's own start) are not measured. Prints: sign-ins/s|app CPU ms per sign-in|failures
sign_in_loops() { # app name, seconds
  [ -d "$WORK/signin-load" ] || javac -d "$WORK/signin-load" bench/SignInLoad.java
  java -cp "$WORK/signin-load" SignInLoad "${APP_URL[$1]}" "$(value issuer)" alice "$(value alice)" \
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
