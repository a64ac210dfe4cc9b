# Sourced by bench/run.sh: turns the result files under $WORK into tables of medians, the
# ratios against the performance issue's targets, a chart, and docs/PERFORMANCE.md.

# The median of one field over the lines of a result file that start with a prefix
# (the prefix names the cell; the rounds are the lines).
med() { # file, prefix, field number
  [ -f "$1" ] || { echo "-"; return; }
  awk -F'|' -v p="$2" -v f="$3" 'index($0, p) == 1 && $f != "-" && $f != "" { print $f }' "$1" | median
}
sum_field() { [ -f "$1" ] && awk -F'|' -v f="$2" '{ s += $f } END { print s + 0 }' "$1" || echo 0; }

THROUGHPUT_ENDPOINTS=("anonymous /" "signed-in /secret" "app static CSS" "nginx static CSS")

throughput_report() {
  local t="$WORK/throughput.txt" app endpoint c p
  echo "## Requests/s, latency and app CPU per request"
  echo
  echo "| store | endpoint | connections | requests/s | p50 ms | p99 ms | app CPU ms/request | app KB allocated/request |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|"
  for c in "${CONNECTIONS[@]}"; do
    for app in h2 pg h2small nginx; do
      for endpoint in "${THROUGHPUT_ENDPOINTS[@]}"; do
        p="$app|$endpoint|$c|"
        grep -qF "$p" "$t" || continue
        echo "| ${APP_LABEL[$app]:-nginx} | $endpoint | $c | $(med "$t" "$p" 5) | $(med "$t" "$p" 6) | $(med "$t" "$p" 7) | $(med "$t" "$p" 8) | $(med "$t" "$p" 10) |"
      done
    done
  done
  echo
  echo "Non-2xx responses and socket errors over all cells: $(sum_field "$t" 9)."
  echo
}

# Cells at 16 connections that the targets compare.
# App CPU ms per sign-in without the JIT compiler's share, median of the rounds.
warm_sign_in() { awk -F'|' -v a="$1" '$1 == a && $6 != "" { printf "%.2f\n", $4 - $6 }' "$WORK/signins.txt" | median; }
at16() { med "$WORK/throughput.txt" "$1|$2|16|" "$3"; } # app, endpoint, field (5 rps, 7 p99, 8 CPU, 10 KB allocated)

targets_report() {
  local rows=() app label secret_cpu anon_cpu secret_rps anon_rps r
  row() { rows+=("| $1 | $2 | $3 $4 | $(meets "$2" "$3" "$4") |"); } # check, measured, op, target
  if [ -f "$WORK/throughput.txt" ]; then
    for app in h2 pg; do
      grep -q "^$app|" "$WORK/throughput.txt" || continue
      label=${APP_LABEL[$app]}
      row "$label: /secret vs anonymous /, app CPU per request, 16 connections" \
        "$(ratio "$(at16 "$app" "signed-in /secret" 8)" "$(at16 "$app" "anonymous /" 8)")" "<=" 1.25
      row "$label: /secret vs anonymous /, requests/s, 16 connections" \
        "$(ratio "$(at16 "$app" "signed-in /secret" 5)" "$(at16 "$app" "anonymous /" 5)")" ">=" 0.8
      row "$label: /secret p99 ms, 16 connections" "$(at16 "$app" "signed-in /secret" 7)" "<=" 10
      row "$label: KB allocated per signed-in /secret, 16 connections" "$(at16 "$app" "signed-in /secret" 10)" "<=" 24
      row "$label: KB allocated per anonymous /, 16 connections" "$(at16 "$app" "anonymous /" 10)" "<=" 16
      row "$label: KB allocated per static stylesheet, 16 connections" "$(at16 "$app" "app static CSS" 10)" "<=" 4
    done
  fi
  if [ -f "$WORK/signins.txt" ]; then
    for app in h2 pg; do
      row "${APP_LABEL[$app]}: app CPU ms per sign-in" "$(med "$WORK/signins.txt" "$app|" 4)" "<=" 2
      row "${APP_LABEL[$app]}: the same without the JIT compiler's one-time share" "$(warm_sign_in "$app")" "<=" 2
      row "${APP_LABEL[$app]}: KB allocated per whole sign-in" "$(med "$WORK/signins.txt" "$app|" 7)" "<=" 400
    done
  fi
  if [ -f "$WORK/sessions.txt" ]; then
    row "PostgreSQL: /secret requests/s, $(count_of pgbulk) vs $(count_of pg) sessions, 16 connections" \
      "$(ratio "$(med "$WORK/sessions.txt" "pgbulk|" 3)" "$(med "$WORK/sessions.txt" "pg|" 3)")" ">=" 0.9
    row "PostgreSQL: /secret p99 ms while the cleanup deletes $(cleanup_value expired) sessions" \
      "$(cleanup_wrk_field 3)" "<=" 50
  fi
  if [ -f "$WORK/startup.txt" ]; then
    row "JDK 25 with AOT cache: start to first 200, ms" "$(med "$WORK/startup.txt" "jdk25aot|" 3)" "<=" 1500
    row "JDK 25 with AOT cache and Spring AOT: start to first 200, ms" "$(med "$WORK/startup.txt" "jdk25springaot|" 3)" "<=" 1500
    row "JDK 25 with AOT cache, Spring AOT and $SMALL_HEAP (the README's command): start to first 200, ms" \
      "$(med "$WORK/startup.txt" "recommended|" 3)" "<=" 1000
  fi
  if [ -f "$WORK/warmup.txt" ]; then
    row "The README's command: start to 90 % of its steady /secret requests/s, 16 connections, s" \
      "$(warmup_med recommended 4)" "<=" 15
  fi
  if grep -q '^h2small|' "$WORK/throughput.txt" 2>/dev/null; then
    for endpoint in "anonymous /" "signed-in /secret"; do
      row "$SMALL_HEAP vs default heap (H2): $endpoint requests/s, 16 connections" \
        "$(ratio "$(at16 h2small "$endpoint" 5)" "$(at16 h2 "$endpoint" 5)")" ">=" 0.95
    done
    row "$SMALL_HEAP: resident memory after the throughput cells, MB" "$(rss_of h2small)" "<=" 300
  fi
  [ ${#rows[@]} -gt 0 ] || return 0
  echo "## Against the targets"
  echo
  echo "| check | measured | target | met |"
  echo "|---|---:|---:|---|"
  printf '%s\n' "${rows[@]}"
  echo
  if [ -f "$WORK/throughput.txt" ]; then
    for app in h2 pg; do
      grep -q "^$app|" "$WORK/throughput.txt" || continue
      echo "- ${APP_LABEL[$app]}, the app's static CSS vs anonymous \`/\`, requests/s at 16 connections:" \
        "x$(ratio "$(at16 "$app" "app static CSS" 5)" "$(at16 "$app" "anonymous /" 5)"); nginx's CSS vs the app's:" \
        "x$(ratio "$(at16 nginx "nginx static CSS" 5)" "$(at16 "$app" "app static CSS" 5)")."
    done
    grep -q '^pg|' "$WORK/throughput.txt" && echo "- PostgreSQL vs H2, signed-in \`/secret\` requests/s at 16 connections:" \
      "x$(ratio "$(at16 pg "signed-in /secret" 5)" "$(at16 h2 "signed-in /secret" 5)")."
    echo
  fi
}

rss_of() { awk -F'|' -v a="$1" '$1 == a { print $2 }' "$WORK/rss.txt" 2>/dev/null | tail -n 1; }
count_of() { awk -F'|' -v a="$1" '$1 == a { print $2 }' "$WORK/session-counts.txt" 2>/dev/null | tail -n 1; }
cleanup_value() { awk -F'|' -v k="$1" '$1 == k { print $2 }' "$WORK/cleanup.txt" 2>/dev/null; }
cleanup_wrk_field() { awk -F'|' -v f="$1" '$1 == "wrk" { print $(f + 1) }' "$WORK/cleanup.txt" 2>/dev/null; } # rps|p50|p99|n|bad

sessions_report() {
  [ -f "$WORK/sessions.txt" ] || return 0
  local s="$WORK/sessions.txt" app bytes
  echo "## Stored sessions (PostgreSQL)"
  echo
  echo "Each instance has its own schema. The bulk are copies of the signed-in session's rows"
  echo "(\`spring_session\` and its \`spring_session_attributes\`) under new ids, inserted with"
  echo "\`generate_series\`, then \`VACUUM ANALYZE\`; they expire a day after the original. H2 is not"
  echo "bulk-loaded (the issue makes it optional): the running app holds its embedded file open, so"
  echo "loading it would need H2's AUTO_SERVER mode, which changes how the app opens its store."
  echo
  echo "| stored sessions | /secret requests/s | p50 ms | p99 ms | app CPU ms/request |"
  echo "|---:|---:|---:|---:|---:|"
  for app in pg pgbulk; do
    echo "| $(count_of "$app") | $(med "$s" "$app|" 3) | $(med "$s" "$app|" 4) | $(med "$s" "$app|" 5) | $(med "$s" "$app|" 6) |"
  done
  echo
  echo "Cleanup: \`simplelogin.session.cleanup-cron=$CLEANUP_CRON\`, batch size as configured (default 1000)."
  echo "Expiring the $(cleanup_value expired) copies (one UPDATE of \`expiry_time\`) took $(cleanup_value expire_update_s) s;"
  echo "the job then deleted them in $(cleanup_value cleanup_s) s (polled every 0.5 s, from its first batch)."
  [ "$(cleanup_value left)" = 0 ] || echo "**$(cleanup_value left) expired sessions were still there after ${CLEANUP_TIMEOUT} s.**"
  echo "Meanwhile \`/secret\` at 16 connections: $(cleanup_wrk_field 1) requests/s, p50 $(cleanup_wrk_field 2) ms,"
  echo "p99 $(cleanup_wrk_field 3) ms, $(cleanup_wrk_field 5) non-2xx or errors."
  echo
  if [ -s "$WORK/session-bytes.txt" ]; then
    IFS='|' read -r n row attrs disk < "$WORK/session-bytes.txt"
    echo "Bytes per stored session over $n sessions: \`spring_session\` row $row, its attribute rows"
    echo "$attrs (\`pg_column_size\`, so compressed where PostgreSQL compressed them); on disk with"
    echo "indexes and TOAST (\`pg_total_relation_size\` of both tables / sessions): $disk."
    echo
    echo "| attribute of the signed-in session | stored bytes | JSON text bytes |"
    echo "|---|---:|---:|"
    awk -F'|' '{ printf "| %s | %s | %s |\n", $1, $2, $3 }' "$WORK/session-attributes.txt"
    echo
  fi
  if [ -s "$WORK/session-heap.txt" ]; then
    echo "In memory, one entry of an instance's session cache (the decoded security context, measured"
    echo "by \`bench/SessionHeap.java\` over 2,000 copies) takes $(cat "$WORK/session-heap.txt") bytes of heap."
    echo
  fi
}

signins_report() {
  [ -f "$WORK/signins.txt" ] || return 0
  echo "## Sign-ins"
  echo
  echo "$SIGNIN_LOOPS people sign in at once for ${SIGNIN_SECONDS} s per round, after ${SIGNIN_WARMUP} s of the same as warm-up"
  echo "(\`bench/SignInLoad.java\`, one Java HTTP client each): the whole flow (\`/oauth2/authorization/demo\` →"
  echo "provider → callback → \`/\`) with a new app session each time, then a signed-in \`/secret\`, each step"
  echo "checked. Like most people at Google, each stays signed in at the provider, which sends them"
  echo "straight back after their first password. The provider and the clients run on the same 2 cores;"
  echo "app CPU counts the app's process only, JIT compiler and GC threads included."
  echo "During the warm-up itself, with the JIT still compiling the sign-in path:"
  echo "$(awk -F'|' '{ printf "%s%s ms per sign-in at %s sign-ins/s", (NR > 1 ? "; " : ""), $2, $1 }' "$WORK/signins-warmup.txt") (H2; PostgreSQL)."
  echo "The JIT compiler's share is shown apart: it is spent once, until the sign-in path is compiled,"
  echo "which takes one C2 thread on these 2 cores minutes. What is left is what a warm instance"
  echo "spends; the last column puts it in anonymous \`/\` requests of the same run (16 connections)."
  echo
  echo "| store | sign-ins/s | app CPU ms per sign-in | of that, JIT compiler | without the JIT | × anonymous \`/\` | app KB allocated per sign-in | failed |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for app in h2 pg; do
    local warm
    warm=$(warm_sign_in "$app")
    echo "| ${APP_LABEL[$app]} | $(med "$WORK/signins.txt" "$app|" 3) | $(med "$WORK/signins.txt" "$app|" 4) |" \
      "$(med "$WORK/signins.txt" "$app|" 6) | $warm | $(ratio "$warm" "$(at16 "$app" "anonymous /" 8)") |" \
      "$(med "$WORK/signins.txt" "$app|" 7) |" \
      "$(awk -F'|' -v a="$app" '$1 == a { s += $5 } END { print s + 0 }' "$WORK/signins.txt") |"
  done
  echo
}

startup_report() {
  [ -f "$WORK/startup.txt" ] || return 0
  local v s="$WORK/startup.txt"
  declare -A what=([jdk17]="JDK 17, jar" [jdk25]="JDK 25, jar" [jdk25x]="JDK 25, extracted jar" [jdk25aot]="JDK 25, extracted jar, AOT cache"
    [jdk25springaot]="JDK 25, extracted jar, AOT cache, Spring AOT"
    [recommended]="JDK 25, extracted jar, AOT cache, Spring AOT, $SMALL_HEAP (the README's command)")
  echo "## Start and memory by JVM"
  echo
  echo "Start to first 200 on \`/\` (H2, migrated store), then sign-in and $DURATION of \`/secret\` at 16 connections,"
  echo "then resident memory; medians of $ROUNDS starts. $("$JAVA17" -version 2>&1 | head -n 1); $("$JAVA25" -version 2>&1 | head -n 1)."
  echo
  echo "| JVM | start to first 200 ms | app CPU by then ms | RSS after the run MB |"
  echo "|---|---:|---:|---:|"
  for v in $STARTUP_VARIANTS; do echo "| ${what[$v]} | $(med "$s" "$v|" 3) | $(med "$s" "$v|" 5) | $(med "$s" "$v|" 4) |"; done
  echo
  echo "JDK 25 with AOT cache vs JDK 17 on the jar, start: x$(ratio "$(med "$s" "jdk25aot|" 3)" "$(med "$s" "jdk17|" 3)");"
  echo "with Spring AOT too: x$(ratio "$(med "$s" "jdk25springaot|" 3)" "$(med "$s" "jdk17|" 3)");"
  echo "and with the README's JVM flags: x$(ratio "$(med "$s" "recommended|" 3)" "$(med "$s" "jdk17|" 3)")."
  echo "The AOT cache (JEP 483/514/515) was made and used as below. Spring Boot's documented training"
  echo "run exits once the context refreshed; this one serves real requests first, so the cache also"
  echo "holds what the first requests load, and is then stopped (the JVM writes the cache at exit)."
  echo "The jar holds Spring AOT's bean definitions (the build runs \`process-aot\`); they are used"
  echo "only with \`-Dspring.aot.enabled=true\`, in training and in the real runs alike."
  echo
  echo '```'
  echo "java -Djarmode=tools -jar target/simple-login.jar extract --destination app"
  echo "# training: same environment and arguments as the real runs; $TRAIN_SECONDS s each of sign-ins and of every page at 16 connections, then stop it"
  echo "java -XX:AOTCacheOutput=app.aot -Dspring.aot.enabled=true -jar app/simple-login.jar"
  echo "java -XX:AOTCache=app.aot -Dspring.aot.enabled=true -jar app/simple-login.jar"
  echo "# the README's command: trained and run with the same JVM flags"
  echo "java -XX:AOTCacheOutput=app.aot -Dspring.aot.enabled=true $SMALL_HEAP -jar app/simple-login.jar"
  echo "java -XX:AOTCache=app.aot -Dspring.aot.enabled=true $SMALL_HEAP -jar app/simple-login.jar"
  echo '```'
  if [ -s "$WORK/aot-warnings.txt" ]; then
    echo
    echo "The JVM said about the cache:"
    echo
    sed 's/^/    /' "$WORK/aot-warnings.txt"
  fi
  echo
}

# Per start (variant and round): steady requests/s (the median of the last
# WARMUP_STEADY_SECONDS windows), then the seconds from the process's start until the
# median of five consecutive 1-s windows first reaches 90 % of it, and the share of steady
# reached in the windows ending nearest 10, 30 and 60 s after the start.
# Prints: variant|round|steady|seconds to 90 %|share at 10 s|at 30 s|at 60 s
warmup_starts() {
  awk -F'|' -v last="$WARMUP_STEADY_SECONDS" '
    { key = $1 "|" $2; if (!(key in n)) order[++keys] = key; i = ++n[key]; t[key, i] = $3 / 1000; r[key, i] = $4 }
    function median(a, m,   i, j, x) { for (i = 2; i <= m; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
      return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2 }
    function share(key, at,   i, best) { best = 1; for (i = 1; i <= n[key]; i++) if ((t[key, i] - at) ^ 2 < (t[key, best] - at) ^ 2) best = i
      return (t[key, best] - at) ^ 2 <= 4 ? sprintf("%.2f", r[key, best] / steady) : "-" }
    END { for (k = 1; k <= keys; k++) { key = order[k]; m = 0; delete a
        for (i = n[key] - last + 1; i <= n[key]; i++) if (i >= 1) a[++m] = r[key, i]
        steady = median(a, m); reached = "-"
        for (i = 1; i + 4 <= n[key] && reached == "-"; i++) { delete b; for (j = 0; j < 5; j++) b[j + 1] = r[key, i + j]
          if (median(b, 5) >= 0.9 * steady) reached = sprintf("%.1f", t[key, i]) }
        printf "%s|%.0f|%s|%s|%s|%s\n", key, steady, reached, share(key, 10), share(key, 30), share(key, 60) } }' "$WORK/warmup.txt"
}
warmup_med() { warmup_starts | awk -F'|' -v v="$1" -v f="$2" '$1 == v && $f != "-" { print $f }' | median; } # variant, field

warmup_report() {
  [ -f "$WORK/warmup.txt" ] || return 0
  local v
  declare -A what=([jar]="JDK 17, jar" [recommended]="the README's command (JDK 25, AOT cache, Spring AOT, $SMALL_HEAP)")
  echo "## Warm-up"
  echo
  echo "From the process's start, signed-in \`/secret\` (H2) at 16 connections in back-to-back 1-s wrk"
  echo "windows for $WARMUP_LOAD_SECONDS s, the load starting as soon as the first page and the sign-in are done."
  echo "Steady is the median of the last $WARMUP_STEADY_SECONDS windows; warm is when the median of five"
  echo "consecutive windows first reaches 90 % of steady (the time is the first of those windows' end,"
  echo "since the start). Medians of $WARMUP_ROUNDS starts each, interleaved."
  echo
  echo "| JVM | steady requests/s | start to 90 % s | share of steady at 10 s | at 30 s | at 60 s |"
  echo "|---|---:|---:|---:|---:|---:|"
  for v in jar recommended; do
    echo "| ${what[$v]} | $(warmup_med "$v" 3) | $(warmup_med "$v" 4) | $(warmup_med "$v" 5) | $(warmup_med "$v" 6) | $(warmup_med "$v" 7) |"
  done
  echo
  echo "The README's command vs the jar, steady requests/s: x$(ratio "$(warmup_med recommended 3)" "$(warmup_med jar 3)")."
  echo
}

memory_report() {
  [ -f "$WORK/rss.txt" ] || return 0
  echo "## Resident memory after the throughput cells"
  echo
  echo "| instance | RSS MB |"
  echo "|---|---:|"
  for app in h2 pg h2small; do
    [ -n "$(rss_of "$app")" ] && echo "| ${APP_LABEL[$app]}$([ "$app" = h2small ] || echo ", default heap") | $(rss_of "$app") |"
  done
  echo
}

chart() {
  command -v gnuplot > /dev/null && [ -f "$WORK/throughput.txt" ] || return 0
  local endpoint app
  {
    for endpoint in "${THROUGHPUT_ENDPOINTS[@]}"; do
      printf '"%s"' "$endpoint"
      for app in h2 pg h2small nginx; do
        if [ "$endpoint" = "nginx static CSS" ] || [ "$app" = nginx ]; then
          [ "$endpoint" = "nginx static CSS" ] && [ "$app" = nginx ] && printf ' %s' "$(at16 nginx "$endpoint" 5)" || printf ' -'
        else
          printf ' %s' "$(at16 "$app" "$endpoint" 5)"
        fi
      done
      echo
    done
  } > "$WORK/chart.dat"
  mkdir -p "$(dirname "$CHART")"
  # The legend goes below the plot: inside it, it covered a bar and its label.
  gnuplot <<GNUPLOT
set terminal pngcairo size 900,500
set output "$CHART"
set title "requests/s at 16 connections (median of $ROUNDS rounds, $("$JAVA17" -version 2>&1 | head -n 1 | tr -d '"'))"
set datafile missing "-"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.7
set logscale y
set yrange [100:*]
set grid ytics
set key below horizontal
plot "$WORK/chart.dat" using 2:xtic(1) title "H2" lc rgb "#1a56db", \
     "" using 3 title "PostgreSQL" lc rgb "#0e9f6e", \
     "" using 4 title "H2 $SMALL_HEAP" lc rgb "#c27803", \
     "" using 5 title "nginx" lc rgb "#6b7280"
GNUPLOT
  echo "![requests/s at 16 connections](${CHART#docs/})"
  allocation_chart
}

# KB the app allocates per request at 16 connections, next to the issue's targets.
allocation_chart() {
  local endpoint target
  {
    for endpoint in "anonymous /|16" "signed-in /secret|24" "app static CSS|4"; do
      IFS='|' read -r endpoint target <<<"$endpoint"
      echo "\"$endpoint\" $(at16 h2 "$endpoint" 10) $(at16 pg "$endpoint" 10) $target"
    done
  } > "$WORK/allocation.dat"
  mkdir -p "$(dirname "$ALLOCATION_CHART")"
  gnuplot <<GNUPLOT
set terminal pngcairo size 900,500
set output "$ALLOCATION_CHART"
set title "KB the app allocates per request at 16 connections (median of $ROUNDS rounds)"
set datafile missing "-"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.7
set yrange [0:*]
set grid ytics
set key below horizontal
plot "$WORK/allocation.dat" using 2:xtic(1) title "H2" lc rgb "#1a56db", \
     "" using 3 title "PostgreSQL" lc rgb "#0e9f6e", \
     "" using 4 title "target (at most)" lc rgb "#9ca3af"
GNUPLOT
  echo "![KB allocated per request at 16 connections](${ALLOCATION_CHART#docs/})"
}

calibration_line() {
  [ -s "$WORK/calibration.txt" ] || return 0
  echo "Calibration: \`bench/Calibrate.java\`, a fixed single-threaded workload that does not involve the"
  echo "app (JDK 17, \`-Xmx256m -Xms256m -XX:+UseSerialGC\`, median of 5 rounds), took"
  echo "$(awk -F'|' '{ printf "%s%s ms %s", (NR > 1 ? ", " : ""), $2, ($1 == "start" ? "at the start" : ($1 == "end" ? "at the end" : $1)) }' "$WORK/calibration.txt") of this run;"
  if [ -f "$WORK/throughput.txt" ] && grep -q '^nginx|' "$WORK/throughput.txt"; then
    echo "nginx served the stylesheet at $(at16 nginx "nginx static CSS" 5) requests/s at 16 connections."
  fi
  echo "A slower machine shows in both; a slower app only in the app's figures."
}

write_report() {
  local body="$WORK/report.md" chart_line
  {
    targets_report
    throughput_report_if_any
    allocation_sites_report
    sessions_report
    signins_report
    startup_report
    warmup_report
    memory_report
    stateless_report
  } > "$body"
  chart_line=$(chart)
  echo
  calibration_line
  echo
  cat "$body"
  {
    echo "# Performance"
    echo
    echo "Measured by \`bench/run.sh\` on $(date -u +%Y-%m-%d) on this project's 2-core machine (sections:$SECTIONS),"
    echo "wrk with 2 threads on loopback, $ROUNDS rounds of $DURATION per cell after ${WARMUP} of warm-up,"
    echo "the cells (instance, endpoint, connections) interleaved within each round; each figure is"
    echo "the median of the rounds. The load instances run the jar on $("$JAVA17" -version 2>&1 | head -n 1),"
    echo "default heap unless said, all at the same time, each with its own store; H2 is the default"
    echo "store, PostgreSQL is the \`postgres\` profile on a database the script creates and drops."
    echo "App CPU is the app process's user + system time from /proc. Every user is signed in"
    echo "through the real flow at the local demo provider. These machines are shared and noisy:"
    echo "read the ratios, not the absolute numbers. Rerun: \`bash bench/run.sh\` (settings in its header)."
    echo "Bytes allocated per request come from the app's own JVM counters"
    echo "(\`com.sun.management.ThreadMXBean\`, read by \`bench/AllocatedBytes.java\`) around each cell:"
    echo "they do not depend on the machine's speed."
    echo
    calibration_line
    echo
    cat "$body"
    [ -n "$chart_line" ] && echo "$chart_line"
  } > "$DOC"
  echo "wrote $DOC${chart_line:+, $CHART and $ALLOCATION_CHART}"
}
stateless_report() {
  [ -s "$WORK/stateless.txt" ] || return 0
  local seconds idle home
  IFS='|' read -r _ seconds idle < <(grep '^idle|' "$WORK/stateless.txt")
  home=$(awk -F'|' '$2 == "anonymous /" { print $3 }' "$WORK/stateless.txt")
  echo "## Before sign-in nothing is stored (PostgreSQL)"
  echo
  echo "Anonymous floods at 16 connections for $DURATION each (\`Accept: text/html\`, as a browser asks),"
  echo "counted by PostgreSQL (\`pg_stat_database.xact_commit\`, \`pg_stat_user_tables.n_tup_ins\` of the"
  echo "instance's schema). An idle stretch as long (with the same waits for the statistics) had $idle"
  echo "commits: the session listener's probe each second, the cleanup job, these readings themselves."
  echo "Each flood ran once, after $WARMUP of the same load. Targets: 0 rows and no commits beyond idle; /secret at"
  echo "least 0.9 x the requests/s of anonymous /; a sign-in start with no statement; at most 2 commits"
  echo "per whole sign-in."
  echo
  echo "| Requests | requests/s | x anonymous / | p99 ms | commits (idle: $idle) | rows inserted | non-2xx/3xx |"
  echo "|---|---|---|---|---|---|---|"
  awk -F'|' -v home="$home" '$1 == "flood" { printf "| %s | %s | %.2f | %s | %s | %s | %s |\n", $2, $3, (home > 0 ? $3 / home : 0), $5, $8, $9, $7 }' \
    "$WORK/stateless.txt"
  # The background commits among the sign-ins' are estimated at the idle stretch's rate;
  # each stretch also holds the 1.5 s wait of its closing reading (commits() in run.sh).
  awk -F'|' -v idle="$idle" -v seconds="$seconds" '$1 == "signins" {
    rate = idle / (seconds + 1.5)
    printf "\n%d whole sign-ins (curl, demo provider, ending on the first page) in %d s: %d commits in all,\n%.2f per sign-in even counting every background commit of that stretch; about %.2f beyond the\nidle stretch'"'"'s %.1f commits/s (target: at most 2).\n", $2, $4, $3, $3 / $2, ($3 - rate * ($4 + 1.5)) / $2, rate }' \
    "$WORK/stateless.txt"
  echo
}

allocation_sites_report() {
  [ -s "$WORK/allocation-sites.md" ] || return 0
  echo "## Where the allocated bytes go"
  echo
  echo "A JFR recording (the JDK's \`profile\` settings) of the warmed H2 instance during $DURATION of each"
  echo "page at 16 connections, after the throughput cells. JFR samples allocations, each sample"
  echo "weighted by the bytes its thread allocated since the one before (\`jdk.ObjectAllocationSample\`);"
  echo "\`bench/AllocationSites.java\` sums the weights. KB/request is the share times the page's"
  echo "median KB per request at 16 connections above."
  echo
  cat "$WORK/allocation-sites.md"
}

throughput_report_if_any() { [ -f "$WORK/throughput.txt" ] && throughput_report || true; }
