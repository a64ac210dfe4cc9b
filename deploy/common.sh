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
  # Another process on the port answers wait_for too; only our provider writes the file.
  [ -s "$WORK/provider.txt" ] || { echo "the demo provider did not start (port $1 taken?)"; tail -n 20 "$WORK/provider.log"; exit 1; }
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
# The _as variants take their own cookie jar and page file, so several users can sign in at
# once (bench/run.sh runs parallel sign-in loops); get and sign_in use the globals above.
get_as() { # cookie jar, page file, curl arguments...
  local jar=$1 page=$2
  shift 2
  curl -s -H 'Accept: text/html' -c "$jar" -b "$jar" -o "$page" -w '%{http_code} %{redirect_url}\n' "$@"
}
get() { get_as "$JAR_FILE" "$PAGE" "$@"; }

sign_in_as() { # cookie jar, page file, base url, user: the whole flow, ending signed in on the home page
  local jar=$1 page=$2 base=$3 user=$4 authorize login csrf resume callback status landing
  read -r _ authorize < <(get_as "$jar" "$page" "$base/oauth2/authorization/demo")
  case "$authorize" in "$(value issuer)"/oauth2/authorize*) ;; *) echo "sign-in did not start: $authorize"; exit 1;; esac
  read -r _ login < <(get_as "$jar" "$page" "$authorize")
  # Someone still signed in at the provider (its session cookie in the jar) comes straight back.
  case "$login" in
    "$base"/login/oauth2/code/demo*) callback=$login ;;
    *)
      get_as "$jar" "$page" "$login" > /dev/null
      csrf=$(grep -o 'name="_csrf"[^>]*value="[^"]*"' "$page" | sed 's/.*value="//;s/"$//')
      read -r _ resume < <(get_as "$jar" "$page" --data-urlencode "username=$user" --data-urlencode "password=$(value "$user")" \
        --data-urlencode "_csrf=$csrf" "$login")
      read -r _ callback < <(get_as "$jar" "$page" "$resume") ;;
  esac
  case "$callback" in "$base"/login/oauth2/code/demo*) ;; *) echo "provider did not return to $base: $callback"; exit 1;; esac
  read -r status landing < <(get_as "$jar" "$page" "$callback")
  [ "$status" = 302 ] && [ "$landing" = "$base/" ] || { echo "callback answered $status, to $landing"; exit 1; }
}
sign_in() { sign_in_as "$JAR_FILE" "$PAGE" "$@"; } # base url, user
