#!/usr/bin/env bash
# The benchmark: the built jar on the default H2 store, signed in through the real flow
# at the demo provider, loaded with wrk on loopback. Endpoints and connection counts are
# interleaved within each round; each figure is the median of ROUNDS rounds. Prints the
# table and writes docs/PERFORMANCE.md (and a chart when gnuplot is there).
# Needs: a JDK 17+, wrk, nginx, curl (Debian: wrk nginx curl; gnuplot-nox for the chart).
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/common.sh

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5s}
CONNECTIONS=(${CONNECTIONS:-1 16 64})
APP_PORT=${APP_PORT:-19080}
NGINX_PORT=${NGINX_PORT:-19081}
PROVIDER_PORT=${PROVIDER_PORT:-19090}
JAVA_OPTS=${JAVA_OPTS:-}
require_tools wrk nginx curl java

echo "== building"
build_jar_and_demo_provider
start_demo_provider "$PROVIDER_PORT"

echo "== starting the app (H2)"
started=$(date +%s%N)
env $(demo_registration) SPRING_DATASOURCE_URL="jdbc:h2:file:$WORK/sessions" \
java $JAVA_OPTS -jar target/simple-login.jar --server.port="$APP_PORT" --server.address=127.0.0.1 \
  --logging.level.root=warn > "$WORK/app.log" 2>&1 &
APP_PID=$!
PIDS+=($APP_PID)
wait_for "http://127.0.0.1:$APP_PORT/" 1200
first_200_ms=$(( ($(date +%s%N) - started) / 1000000 ))

echo "== signing in as alice"
APP="http://127.0.0.1:$APP_PORT"
sign_in "$APP" alice
read -r status _ < <(get "$APP/secret")
[ "$status" = 200 ] || { echo "/secret answered $status after sign-in"; exit 1; }
SESSION=$(awk '$6 == "SESSION" { print $7 }' "$JAR_FILE")
CSS=$(grep -o '/assets/css/app-[0-9a-f]*\.css' "$PAGE" | head -n 1)

mkdir -p "$WORK/static/css"; cp src/main/resources/static/css/app.css "$WORK/static/css/app.css"
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

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$APP_PID/stat"; }
TICKS=$(getconf CLK_TCK)

# name|url|cookie
TARGETS=("anonymous /|$APP/|" "signed-in /secret|$APP/secret|SESSION=$SESSION" "app static CSS|$APP$CSS|"
  "nginx static CSS|http://127.0.0.1:$NGINX_PORT/css/app.css|")

echo "== warming up"
for target in "${TARGETS[@]}"; do
  IFS='|' read -r _ url cookie <<<"$target"
  wrk -t2 -c16 -d10s ${cookie:+-H "Cookie: $cookie"} "$url" > /dev/null
done

RESULTS="$WORK/results.txt"
for round in $(seq 1 "$ROUNDS"); do
  for connections in "${CONNECTIONS[@]}"; do
    for target in "${TARGETS[@]}"; do
      IFS='|' read -r name url cookie <<<"$target"
      before=$(cpu_ticks)
      out=$(wrk -t"$(( connections < 2 ? 1 : 2 ))" -c"$connections" -d"$DURATION" --latency ${cookie:+-H "Cookie: $cookie"} "$url")
      after=$(cpu_ticks)
      rps=$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")
      requests=$(awk '/requests in/ { print $1 }' <<<"$out")
      p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
      p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
      non2xx=$(awk '/Non-2xx/ { print $NF }' <<<"$out")
      cpu_ms=$(awk -v t=$((after - before)) -v hz="$TICKS" -v n="$requests" 'BEGIN { printf "%.3f", (t / hz * 1000) / n }')
      [[ "$name" == nginx* ]] && cpu_ms="-"
      echo "$name|$connections|$round|$rps|$p50|$p99|$cpu_ms|${non2xx:-0}" | tee -a "$RESULTS"
    done
  done
done
rss_mb=$(awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$APP_PID/status")

to_ms() { awk '{ v = $1; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f\n", v }'; }
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
column_median() { # name connections field
  awk -F'|' -v n="$1" -v c="$2" -v f="$3" '$1 == n && $2 == c { print $f }' "$RESULTS" | while read -r v; do
    if [ "$3" = 5 ] || [ "$3" = 6 ]; then echo "$v" | to_ms; else echo "$v"; fi; done | median; }

TABLE="$WORK/table.md"
{
  echo "| endpoint | connections | requests/s | p50 ms | p99 ms | app CPU ms/request |"
  echo "|---|---:|---:|---:|---:|---:|"
  for connections in "${CONNECTIONS[@]}"; do
    for target in "${TARGETS[@]}"; do
      IFS='|' read -r name _ _ <<<"$target"
      echo "| $name | $connections | $(column_median "$name" "$connections" 4) | $(column_median "$name" "$connections" 5) | $(column_median "$name" "$connections" 6) | $(column_median "$name" "$connections" 7) |"
    done
  done
} > "$TABLE"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
anon_rps=$(column_median "anonymous /" 16 4); secret_rps=$(column_median "signed-in /secret" 16 4)
anon_cpu=$(column_median "anonymous /" 16 7); secret_cpu=$(column_median "signed-in /secret" 16 7)
css_rps=$(column_median "app static CSS" 16 4)
non2xx=$(awk -F'|' '{ s += $8 } END { print s + 0 }' "$RESULTS")

cat "$TABLE"
echo
echo "signed-in /secret vs anonymous / at 16 connections: throughput x$(ratio "$secret_rps" "$anon_rps"), CPU per request x$(ratio "$secret_cpu" "$anon_cpu")"
echo "app static CSS vs anonymous / at 16 connections: throughput x$(ratio "$css_rps" "$anon_rps")"
echo "start to first 200: ${first_200_ms} ms; resident memory after the run: ${rss_mb} MB; non-2xx responses: $non2xx"

if command -v gnuplot >/dev/null; then
  awk -F'|' 'NR > 2 && $3 + 0 == 16 { gsub(/^ +| +$/, "", $2); printf "\"%s\" %s\n", $2, $4 }' "$TABLE" > "$WORK/chart.dat"
  gnuplot <<GNUPLOT
set terminal pngcairo size 800,400
set output "docs/images/performance.png"
set title "requests/s at 16 connections (median of $ROUNDS rounds, H2, $(java -version 2>&1 | head -n 1 | tr -d '"'))"
set style fill solid 0.6
set boxwidth 0.6
set yrange [0:*]
set grid ytics
unset key
plot "$WORK/chart.dat" using 0:2:xtic(1) with boxes lc rgb "#1a56db"
GNUPLOT
  chart="![requests/s at 16 connections](images/performance.png)"
fi

{
  echo "# Performance"
  echo
  echo "Measured by \`bench/run.sh\` on $(date -u +%Y-%m-%d) on this project's 2-core machine: the jar on the"
  echo "default H2 store, $(java -version 2>&1 | head -n 1), default heap, wrk with 2 threads on loopback,"
  echo "$ROUNDS rounds of $DURATION per cell, endpoints and connection counts interleaved; each figure is the"
  echo "median of the rounds. These machines are shared and noisy: read the ratios, not the absolute numbers."
  echo
  cat "$TABLE"
  echo
  echo "- Signed-in \`/secret\` against anonymous \`/\` at 16 connections: throughput x$(ratio "$secret_rps" "$anon_rps"), app CPU per request x$(ratio "$secret_cpu" "$anon_cpu")."
  echo "- The app's static CSS against anonymous \`/\` at 16 connections: throughput x$(ratio "$css_rps" "$anon_rps")."
  echo "- Start to first 200: ${first_200_ms} ms. Resident memory after the run: ${rss_mb} MB."
  echo "- Non-2xx responses during the run: $non2xx."
  echo
  echo "${chart:-}"
} > docs/PERFORMANCE.md
echo "wrote docs/PERFORMANCE.md"
