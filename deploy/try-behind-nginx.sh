#!/usr/bin/env bash
# Two instances of the built jar sharing one PostgreSQL, nginx in front of them as a
# round-robin load balancer, all on loopback. Signs in through nginx against the demo
# OpenID provider, checks that both instances served the signed-in user, then stops
# everything it started. Needs: a JDK 17+, nginx, curl, psql (Debian: nginx curl
# postgresql-client) and a PostgreSQL at 127.0.0.1:5432 that user postgres may use.
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/common.sh

LB_PORT=${LB_PORT:-18080}
APP_PORTS=(${APP_A_PORT:-18081} ${APP_B_PORT:-18082})
PROVIDER_PORT=${PROVIDER_PORT:-18090}
PG_DATABASE=${PG_DATABASE:-test}
SCHEMA="sl_deploy_$$"
require_tools nginx curl psql java
after_stop() {
  psql -q -h 127.0.0.1 -U postgres -d "$PG_DATABASE" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
}

echo "== building the jar and the demo provider"
build_jar_and_demo_provider

echo "== starting the demo OpenID provider on 127.0.0.1:$PROVIDER_PORT"
start_demo_provider "$PROVIDER_PORT"

# nginx listens on plain http here, so the instances use a plain session cookie; in
# production (TLS at nginx) the postgres profile's __Host-SESSION cookie is Secure. Both
# share one key for the sign-in cookies: a sign-in started on one may finish on the other.
STATE_COOKIE_KEY=$(head -c 32 /dev/urandom | base64)
echo "== starting two instances (postgres profile, schema $SCHEMA), the first from Spring AOT's bean definitions"
for port in "${APP_PORTS[@]}"; do
  aot=-Dspring.aot.enabled=$([ "$port" = "${APP_PORTS[0]}" ] && echo true || echo false)
  env $(demo_registration) \
    SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_DEMO_CLIENTNAME="Demo provider" \
    SPRING_PROFILES_ACTIVE=postgres \
    SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:5432/$PG_DATABASE?currentSchema=$SCHEMA" \
    SPRING_DATASOURCE_USERNAME=postgres \
    SPRING_FLYWAY_DEFAULT_SCHEMA="$SCHEMA" SPRING_FLYWAY_SCHEMAS="$SCHEMA" \
    SERVER_SERVLET_SESSION_COOKIE_NAME=SESSION SERVER_SERVLET_SESSION_COOKIE_SECURE=false \
    SIMPLELOGIN_STATECOOKIE_KEY="$STATE_COOKIE_KEY" \
    java -Xmx128m "$aot" -jar target/simple-login.jar --server.port="$port" --server.address=127.0.0.1 \
    --management.server.port=$((port + 1000)) > "$WORK/app-$port.log" 2>&1 &
  PIDS+=($!)
done
# The actuator (health, metrics) listens on a port of its own, 1000 above each app's.
for port in "${APP_PORTS[@]}"; do wait_for "http://127.0.0.1:$((port + 1000))/actuator/health/readiness" 900; done
grep -q "Starting AOT-processed" "$WORK/app-${APP_PORTS[0]}.log" \
  || { echo "the first instance did not start from Spring AOT's bean definitions"; exit 1; }

echo "== starting nginx on 127.0.0.1:$LB_PORT"
mkdir -p "$WORK"/{client_body,proxy,fastcgi,uwsgi,scgi}
sed -e "s|__WORK__|$WORK|g" -e "s|__LB__|$LB_PORT|g" -e "s|__SERVER_NAME__|127.0.0.1|g" \
    -e "s|__SIGNIN_RATE__|10r/m|g" \
    -e "s|__APP_A__|${APP_PORTS[0]}|g" -e "s|__APP_B__|${APP_PORTS[1]}|g" deploy/nginx.conf > "$WORK/nginx.conf"
nginx -c "$WORK/nginx.conf" -p "$WORK"
LB="http://127.0.0.1:$LB_PORT"
wait_for "$LB/" 100

echo "== signing in as alice through nginx"
sign_in "$LB" alice

echo "== asking for /secret 20 times through nginx"
for _ in $(seq 1 20); do
  read -r status target < <(get "$LB/secret")
  [ "$status" = 200 ] && grep -q "Alice Example" "$PAGE" || { echo "/secret answered $status $target"; exit 1; }
done
served=$(grep '^200 GET /secret ' "$WORK/nginx-access.log" | sed 's/.*upstream=//' | sort | uniq -c)
echo "$served"
for port in "${APP_PORTS[@]}"; do
  grep -q "127.0.0.1:$port" <<<"$served" || { echo "instance on port $port served no signed-in page"; exit 1; }
done
echo "OK: both instances served the signed-in user through nginx"

echo "== a forged Host header does not steer the redirect URI"
location=$(curl -s -o /dev/null -w '%{redirect_url}' -H 'Host: evil.example' -H 'X-Forwarded-Host: evil.example' \
  "$LB/oauth2/authorization/demo")
grep -Eq "redirect_uri=http(://|%3A%2F%2F)127\.0\.0\.1(:|%3A)$LB_PORT(/|%2F)login" <<<"$location" \
  || { echo "the redirect URI followed a forged Host: $location"; exit 1; }
echo "OK: the redirect URI names 127.0.0.1:$LB_PORT"

echo "== starting 30 sign-ins at once from one address"
limited=0
for _ in $(seq 1 30); do
  status=$(curl -s -o "$WORK/limited.html" -w '%{http_code}' "$LB/oauth2/authorization/demo")
  if [ "$status" = 429 ]; then limited=$((limited + 1)); cp "$WORK/limited.html" "$WORK/429.html"; fi
done
[ "$limited" -gt 0 ] || { echo "nginx let 30 sign-ins through without a 429"; exit 1; }
grep -q "Too many sign-in attempts" "$WORK/429.html" && grep -q "simple-login" "$WORK/429.html" \
  || { echo "the 429 page is not the app's"; head -c 500 "$WORK/429.html"; exit 1; }
echo "OK: $limited of 30 answered 429 with the app's page"

echo "== metrics: on the management ports only, with the sign-in counted"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$LB/actuator/prometheus")" = 404 ] \
  || { echo "/actuator/prometheus answered through nginx"; exit 1; }
signed_in=0
for port in "${APP_PORTS[@]}"; do
  scrape=$(curl -sf -H 'Accept: text/plain' "http://127.0.0.1:$((port + 1000))/actuator/prometheus") \
    || { echo "no metrics on the management port of $port"; exit 1; }
  count=$(sed -n 's/^simplelogin_sign_ins_total{outcome="success",provider="demo"} \([0-9.]*\)$/\1/p' <<<"$scrape")
  signed_in=$(awk -v a="$signed_in" -v b="${count:-0}" 'BEGIN { print a + b }')
  grep -q '^simplelogin_sessions_listener_up 1' <<<"$scrape" || { echo "the listener of $port is not up"; exit 1; }
done
[ "$signed_in" = 1 ] || { echo "the instances counted $signed_in sign-ins, not 1"; exit 1; }
echo "OK: the sign-in is counted once, and the listeners are up"
