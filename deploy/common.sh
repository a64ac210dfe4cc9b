# Shared by deploy/try-behind-nginx.sh and bench/run.sh: a work folder and a stop-all trap,
# the jar and the demo provider, and a sign-in through the real flow with curl.
# Source it from the project root; it sets WORK and PIDS.

WORK=$(mktemp -d)
PIDS=()

require_tools() {
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "missing $tool (Debian: apt-get install $*)"; exit 2; }
  done
}

stop_everything() {
  if [ -f "$WORK/nginx.pid" ]; then kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true; fi
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if declare -F after_stop >/dev/null; then after_stop; fi
  rm -rf "$WORK"
}
trap stop_everything EXIT

wait_for() { # url, tries (every 0.1 s)
  for _ in $(seq 1 "$2"); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done
  echo "no answer from $1"; return 1
}

build_jar_and_demo_provider() {
  ./mvnw -q -B -DskipTests package
  ./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath.txt"
}

start_demo_provider() { # port
  java -cp "target/test-classes:$(cat "$WORK/classpath.txt")" dev.simplelogin.TestSimpleLoginApplication \
    --provider-only "$1" "$WORK/provider.txt" > "$WORK/provider.log" 2>&1 &
  PIDS+=($!)
  wait_for "http://127.0.0.1:$1/.well-known/openid-configuration" 600
  for _ in $(seq 1 50); do [ -s "$WORK/provider.txt" ] && break; sleep 0.1; done
}

# The demo provider's issuer, client_id, client_secret, or an account's password.
value() { sed -n "s/^$1=//p" "$WORK/provider.txt"; }

# The environment that registers the app with the demo provider.
demo_registration() {
  echo SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_DEMO_CLIENTID="$(value client_id)" \
    SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_DEMO_CLIENTSECRET="$(value client_secret)" \
    SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_DEMO_ISSUERURI="$(value issuer)"
}

JAR_FILE="$WORK/cookies"
PAGE="$WORK/page.html"
get() { curl -s -H 'Accept: text/html' -c "$JAR_FILE" -b "$JAR_FILE" -o "$PAGE" -w '%{http_code} %{redirect_url}\n' "$@"; }

sign_in() { # base url, user: the whole flow, ending signed in on the home page
  local base=$1 user=$2 authorize login csrf resume callback status landing
  read -r _ authorize < <(get "$base/oauth2/authorization/demo")
  case "$authorize" in "$(value issuer)"/oauth2/authorize*) ;; *) echo "sign-in did not start: $authorize"; exit 1;; esac
  read -r _ login < <(get "$authorize")
  get "$login" > /dev/null
  csrf=$(grep -o 'name="_csrf"[^>]*value="[^"]*"' "$PAGE" | sed 's/.*value="//;s/"$//')
  read -r _ resume < <(get --data-urlencode "username=$user" --data-urlencode "password=$(value "$user")" \
    --data-urlencode "_csrf=$csrf" "$login")
  read -r _ callback < <(get "$resume")
  case "$callback" in "$base"/login/oauth2/code/demo*) ;; *) echo "provider did not return to $base: $callback"; exit 1;; esac
  read -r status landing < <(get "$callback")
  [ "$status" = 302 ] && [ "$landing" = "$base/" ] || { echo "callback answered $status, to $landing"; exit 1; }
}
