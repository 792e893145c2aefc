# A PostgreSQL cluster for one test run, sourced by bin/test.
#
# throwaway_postgres_start creates a new cluster in a temporary folder (initdb), starts it on a
# free port of 127.0.0.1 with its socket in that folder, and sets PG_URL. The cluster has never
# seen Harbour: no role, no database, exactly like a fresh machine. throwaway_postgres_stop stops
# it and removes the folder; bin/test calls it on exit, whether the run passed, failed or was
# interrupted. initdb refuses to run as root, so as root the cluster runs as the `postgres` user
# (runuser). Durability is switched off: the data is thrown away.

throwaway_postgres_bin() {
  local bin
  for bin in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ]; then
      echo "$bin"
      return 0
    fi
  done
  command -v initdb >/dev/null && dirname "$(command -v initdb)" && return 0
  return 1
}

throwaway_postgres_as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

throwaway_postgres_start() {
  local bin port
  bin=$(throwaway_postgres_bin) || {
    echo "PostgreSQL's server programs (initdb, pg_ctl) were not found under" \
      "/usr/lib/postgresql/*/bin: install PostgreSQL, or set HARBOUR_TEST_POSTGRES_URL." >&2
    return 1
  }
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    echo "Running as root needs a 'postgres' user to own the test cluster (initdb refuses root)." >&2
    return 1
  fi
  # As root the folder must be one the postgres user can reach: under /tmp.
  local parent=${TMPDIR:-/tmp}
  [ "$(id -u)" = 0 ] && parent=/tmp
  THROWAWAY_PG_DIR=$(mktemp -d "$parent/harbour-test-pg.XXXXXX")
  [ "$(id -u)" = 0 ] && chown postgres "$THROWAWAY_PG_DIR"
  local locale
  for locale in --locale=C.UTF-8 --no-locale; do
    if throwaway_postgres_as_owner "$bin/initdb" --pgdata="$THROWAWAY_PG_DIR/data" \
      --username=postgres --auth=trust --encoding=UTF8 "$locale" --no-sync \
      >"$THROWAWAY_PG_DIR/initdb.log" 2>&1 </dev/null; then
      break
    fi
    [ "$locale" = --no-locale ] && { cat "$THROWAWAY_PG_DIR/initdb.log" >&2; return 1; }
    throwaway_postgres_as_owner rm -rf "$THROWAWAY_PG_DIR/data"
  done
  # A free port, asked of the kernel; tried again should another program take it meanwhile.
  for _ in 1 2 3; do
    port=$("${PY:-python3}" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    if throwaway_postgres_as_owner "$bin/pg_ctl" --pgdata="$THROWAWAY_PG_DIR/data" \
      --log="$THROWAWAY_PG_DIR/server.log" --wait --timeout=120 --silent \
      -o "-p $port -k $THROWAWAY_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off \
          -c synchronous_commit=off -c full_page_writes=off" \
      start </dev/null; then
      THROWAWAY_PG_BIN=$bin
      PG_URL="postgres://postgres@127.0.0.1:$port/harbour"
      return 0
    fi
  done
  cat "$THROWAWAY_PG_DIR/server.log" >&2
  return 1
}

throwaway_postgres_stop() {
  [ -n "${THROWAWAY_PG_DIR:-}" ] || return 0
  if [ -n "${THROWAWAY_PG_BIN:-}" ] && [ -f "$THROWAWAY_PG_DIR/data/postmaster.pid" ]; then
    throwaway_postgres_as_owner "$THROWAWAY_PG_BIN/pg_ctl" --pgdata="$THROWAWAY_PG_DIR/data" \
      --mode=immediate --wait --silent stop </dev/null >/dev/null 2>&1 || true
  fi
  rm -rf "$THROWAWAY_PG_DIR"
  THROWAWAY_PG_DIR=
}
