#!/usr/bin/env bash
# Makes sure a PostgreSQL server runs on this machine for the tests and prints its admin URL as the
# last line of stdout (everything else goes to stderr):
#
#   export TEST_POSTGRES_URL="$(scripts/postgres-for-tests.sh)"
#
# The URL's role may log in and create databases, nothing more: the tests make a throw-away database
# each (test/support/postgres.ts). In order of preference:
#   - a server already answers on 127.0.0.1:$TEST_POSTGRES_PORT (default 5432): use it (well under 1 s);
#   - Debian's cluster exists but is down (a fresh machine): pg_ctlcluster starts it;
#   - PostgreSQL is not installed: apt-get installs it, then as above;
#   - no cluster at all: a private one, made with initdb under $TMPDIR, on a free port.
# The role is created (or its password reset) through the superuser's Unix socket, which needs root,
# sudo, or being the server's owner.
set -euo pipefail

ROLE=escalation_test
PASSWORD=escalation_test
HOST=127.0.0.1
PORT="${TEST_POSTGRES_PORT:-5432}"
# The private cluster's home when there is no other; its socket lives here too.
PRIVATE_DIR="${TMPDIR:-/tmp}/escalation-test-postgres"
DEBIAN_SOCKETS=/var/run/postgresql

say() { echo "postgres-for-tests: $*" >&2; }
fail() { say "$*"; exit 1; }

url() { echo "postgres://$ROLE:$PASSWORD@$HOST:$1/postgres"; }

# Root needs no sudo; everyone else does for what belongs to the system.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi
}

# The OS user that owns the server (postgres refuses to run as root).
as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"
  elif [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"
  else sudo -n -u postgres "$@"; fi
}

answers() { command -v pg_isready >/dev/null && pg_isready -q -h "$HOST" -p "$1" -t 2; }

logs_in() {
  PGPASSWORD="$PASSWORD" PGCONNECT_TIMEOUT=3 psql -X -A -t -q -h "$HOST" -p "$1" -U "$ROLE" -d postgres \
    -c "select 1" >/dev/null 2>&1
}

# Idempotent: creates the role, or gives an existing one back its login, CREATEDB and password.
# $1 port, $2 socket directory; the rest is how to run psql as the superuser.
ensure_role() {
  local port=$1 sockets=$2
  shift 2
  "$@" -X -q -v ON_ERROR_STOP=1 -h "$sockets" -p "$port" -U postgres -d postgres >/dev/null <<SQL
do \$\$ begin
  if exists (select from pg_roles where rolname = '$ROLE') then
    alter role $ROLE login createdb password '$PASSWORD';
  else
    create role $ROLE login createdb password '$PASSWORD';
  end if;
end \$\$;
SQL
}

# Uses the server on $1 once the role can log in over TCP, creating the role first when needed.
finish() {
  local port=$1 sockets=$2
  shift 2
  if ! logs_in "$port"; then
    ensure_role "$port" "$sockets" "$@" ||
      fail "cannot create role $ROLE on port $port as the superuser; create it (LOGIN CREATEDB PASSWORD '$PASSWORD') or set TEST_POSTGRES_URL"
    logs_in "$port" ||
      fail "role $ROLE exists but cannot log in on $HOST:$port with a password: pg_hba.conf needs 'host all all 127.0.0.1/32 scram-sha-256'"
  fi
  [ "$port" = 5432 ] || say "not on the default port: export TEST_POSTGRES_URL=$(url "$port") for vitest to find it"
  url "$port"
  exit 0
}

wait_until_answers() {
  for _ in $(seq 1 60); do
    answers "$1" && return 0
    sleep 0.5
  done
  fail "no server answers on $HOST:$1 after starting it"
}

# The newest installed server's programs (Debian keeps them off PATH).
private_bin() {
  local initdb
  initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$initdb" ] || initdb=$(command -v initdb || true)
  [ -n "$initdb" ] && dirname "$initdb"
}
# The private cluster belongs to postgres when we are root, else to whoever runs this.
as_private() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The private cluster's port, when its server runs (postmaster.pid's fourth line).
private_port() {
  [ -s "$PRIVATE_DIR/data/postmaster.pid" ] && sed -n 4p "$PRIVATE_DIR/data/postmaster.pid"
}

# The superuser's psql for the server on a port: the private cluster's, or Debian's.
superuser_psql_for() {
  if [ "$(private_port 2>/dev/null || true)" = "$1" ]; then
    echo "$PRIVATE_DIR" as_private "$(private_bin)/psql"
  else
    echo "$DEBIAN_SOCKETS" as_postgres psql
  fi
}

# --- Given a URL (a CI service, say): only check that it answers.
if [ -n "${TEST_POSTGRES_URL:-}" ]; then
  if command -v psql >/dev/null; then
    PGCONNECT_TIMEOUT=3 psql -X -A -t -q -d "$TEST_POSTGRES_URL" -c "select 1" >/dev/null ||
      fail "TEST_POSTGRES_URL is set but does not answer"
  fi
  echo "$TEST_POSTGRES_URL"
  exit 0
fi

# --- (a) Already running.
if answers "$PORT"; then
  # shellcheck disable=SC2046 # the superuser command is several words on purpose
  finish "$PORT" $(superuser_psql_for "$PORT")
fi
if port=$(private_port 2>/dev/null) && answers "$port"; then
  finish "$port" "$PRIVATE_DIR" as_private "$(private_bin)/psql"
fi

# --- (c) Not installed: Debian's package, which also makes (and usually starts) a cluster.
if [ -z "$(private_bin || true)" ] || ! command -v psql >/dev/null; then
  command -v apt-get >/dev/null || fail "PostgreSQL is not installed and there is no apt-get: install PostgreSQL 13 or later"
  say "installing PostgreSQL"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get install -y -qq postgresql >&2 ||
    { as_root apt-get update -qq >&2 && as_root apt-get install -y -qq postgresql >&2; } ||
    fail "apt-get install postgresql failed"
  [ -n "$(private_bin || true)" ] && command -v psql >/dev/null || fail "postgresql installed, but no initdb or psql found"
  answers "$PORT" && finish "$PORT" "$DEBIAN_SOCKETS" as_postgres psql
fi

# --- (b) Debian's cluster, down: start it (the one on $PORT, else the newest).
if command -v pg_lsclusters >/dev/null; then
  cluster=$(pg_lsclusters --no-header 2>/dev/null | awk -v port="$PORT" '
    $3 == port { print; found = 1; exit }
    { last = $0 }
    END { if (!found && last != "") print last }')
  if [ -n "$cluster" ]; then
    read -r version name port status _ <<<"$cluster"
    if [[ "$status" != online* ]]; then
      say "starting PostgreSQL cluster $version/$name on port $port"
      as_root pg_ctlcluster "$version" "$name" start >&2 || fail "pg_ctlcluster $version $name start failed"
    fi
    wait_until_answers "$port"
    finish "$port" "$DEBIAN_SOCKETS" as_postgres psql
  fi
fi

# --- (d) No cluster: a private one (trust on its own socket, passwords over TCP).
bin=$(private_bin)
data="$PRIVATE_DIR/data"
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || fail "no 'postgres' user to own a private cluster (postgres refuses to run as root)"
fi
mkdir -p "$PRIVATE_DIR"
chmod 700 "$PRIVATE_DIR"
if [ "$(id -u)" = 0 ]; then chown postgres: "$PRIVATE_DIR"; fi
if [ ! -s "$data/PG_VERSION" ]; then
  say "creating a private PostgreSQL cluster in $data"
  as_private "$bin/initdb" -D "$data" -U postgres -E UTF8 --locale=C \
    --auth-local=trust --auth-host=scram-sha-256 >&2 || fail "initdb failed"
fi
# The first free port from $PORT on: another server may hold the default one.
port=$PORT
while (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null; do
  port=$((port + 1))
  [ "$port" -lt $((PORT + 50)) ] || fail "no free port in $PORT-$((PORT + 49))"
done
say "starting the private PostgreSQL cluster on port $port"
as_private "$bin/pg_ctl" -D "$data" -l "$PRIVATE_DIR/server.log" -w -t 60 \
  -o "-p $port -k $PRIVATE_DIR -c listen_addresses=$HOST" start >&2 ||
  fail "pg_ctl start failed; see $PRIVATE_DIR/server.log"
wait_until_answers "$port"
finish "$port" "$PRIVATE_DIR" as_private "$bin/psql"
