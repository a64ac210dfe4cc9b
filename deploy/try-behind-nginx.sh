#!/usr/bin/env bash
# Two instances of the built jar sharing one PostgreSQL, nginx in front of them as a
# round-robin load balancer, all on loopback. Signs in through nginx against the demo
# OpenID provider, checks that both instances served the signed-in user, then stops
# everything it started. Needs: a JDK 17+, nginx, curl, psql (Debian: nginx curl
# postgresql-client) and a PostgreSQL at 127.0.0.1:5432 that user postgres may use.
set -euo pipefail
cd "$(dirname "$0")/.."

LB_PORT=${LB_PORT:-18080}
APP_PORTS=(${APP_A_PORT:-18081} ${APP_B_PORT:-18082})
PROVIDER_PORT=${PROVIDER_PORT:-18090}
PG_DATABASE=${PG_DATABASE:-test}
SCHEMA="sl_deploy_$$"
WORK=$(mktemp -d)
PIDS=()

for tool in nginx curl psql java; do
  command -v "$tool" >/dev/null || { echo "missing $tool (Debian: apt-get install nginx curl postgresql-client)"; exit 2; }
done

stop_everything() {
  if [ -f "$WORK/nginx.pid" ]; then kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true; fi
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  psql -q -h 127.0.0.1 -U postgres -d "$PG_DATABASE" -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap stop_everything EXIT

wait_for() { # url, seconds
  for _ in $(seq 1 "$2"); do curl -sf -o /dev/null "$1" && return 0; sleep 1; done
  echo "no answer from $1"; return 1
}

echo "== building the jar and the demo provider"
./mvnw -q -B -DskipTests package
./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath.txt"

echo "== starting the demo OpenID provider on 127.0.0.1:$PROVIDER_PORT"
java -cp "target/test-classes:$(cat "$WORK/classpath.txt")" dev.simplelogin.testsupport.DemoProviderMain \
  "$PROVIDER_PORT" "$WORK/provider.txt" > "$WORK/provider.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$PROVIDER_PORT/.well-known/openid-configuration" 60
for _ in $(seq 1 10); do [ -s "$WORK/provider.txt" ] && break; sleep 1; done
value() { sed -n "s/^$1=//p" "$WORK/provider.txt"; }

echo "== starting two instances (postgres profile, schema $SCHEMA)"
for port in "${APP_PORTS[@]}"; do
  SPRING_PROFILES_ACTIVE=postgres \
  SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:5432/$PG_DATABASE?currentSchema=$SCHEMA" \
  SPRING_DATASOURCE_USERNAME=postgres \
  SPRING_FLYWAY_DEFAULT_SCHEMA="$SCHEMA" SPRING_FLYWAY_SCHEMAS="$SCHEMA" \
  SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_DEMO_CLIENTID="$(value client_id)" \
  SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_DEMO_CLIENTSECRET="$(value client_secret)" \
  SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_DEMO_CLIENTNAME="Demo provider" \
  SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_DEMO_ISSUERURI="$(value issuer)" \
  java -Xmx128m -jar target/simple-login.jar --server.port="$port" --server.address=127.0.0.1 \
    > "$WORK/app-$port.log" 2>&1 &
  PIDS+=($!)
done
for port in "${APP_PORTS[@]}"; do wait_for "http://127.0.0.1:$port/actuator/health/readiness" 90; done

echo "== starting nginx on 127.0.0.1:$LB_PORT"
mkdir -p "$WORK"/{client_body,proxy,fastcgi,uwsgi,scgi}
sed -e "s|__WORK__|$WORK|g" -e "s|__LB__|$LB_PORT|g" \
    -e "s|__APP_A__|${APP_PORTS[0]}|g" -e "s|__APP_B__|${APP_PORTS[1]}|g" deploy/nginx.conf > "$WORK/nginx.conf"
nginx -c "$WORK/nginx.conf" -p "$WORK"
wait_for "http://127.0.0.1:$LB_PORT/" 10

echo "== signing in as alice through nginx"
LB="http://127.0.0.1:$LB_PORT"
JAR="$WORK/cookies"
get() { curl -s -H 'Accept: text/html' -c "$JAR" -b "$JAR" -o "$WORK/page.html" -w '%{http_code} %{redirect_url}\n' "$@"; }
read -r _ authorize < <(get "$LB/oauth2/authorization/demo")
case "$authorize" in "$(value issuer)"/oauth2/authorize*) ;; *) echo "sign-in did not start: $authorize"; exit 1;; esac
read -r _ login < <(get "$authorize")
get "$login" > /dev/null
csrf=$(grep -o 'name="_csrf"[^>]*value="[^"]*"' "$WORK/page.html" | sed 's/.*value="//;s/"$//')
read -r _ resume < <(get --data-urlencode "username=alice" --data-urlencode "password=$(value alice)" \
  --data-urlencode "_csrf=$csrf" "$login")
read -r _ callback < <(get "$resume")
case "$callback" in "$LB"/login/oauth2/code/demo*) ;; *) echo "provider did not return through nginx: $callback"; exit 1;; esac
read -r status landing < <(get "$callback")
[ "$status" = 302 ] && [ "$landing" = "$LB/" ] || { echo "callback answered $status, to $landing"; exit 1; }

echo "== asking for /secret 20 times through nginx"
for _ in $(seq 1 20); do
  read -r status target < <(get "$LB/secret")
  [ "$status" = 200 ] && grep -q "Alice Example" "$WORK/page.html" || { echo "/secret answered $status $target"; tail -5 "$WORK/nginx-access.log"; exit 1; }
done
served=$(grep '^200 GET /secret ' "$WORK/nginx-access.log" | sed 's/.*upstream=//' | sort | uniq -c)
echo "$served"
for port in "${APP_PORTS[@]}"; do
  grep -q "127.0.0.1:$port" <<<"$served" || { echo "instance on port $port served no signed-in page"; exit 1; }
done
echo "OK: both instances served the signed-in user through nginx"
