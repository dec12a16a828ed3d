#!/bin/sh
# Entry point of the local PostgreSQL image: the public postgres image's documented contract, written for
# Debian's postgresql-15 package. On the first start (no PG_VERSION in $PGDATA) it runs initdb with
# POSTGRES_USER (default postgres) and its password, creates POSTGRES_DB (default: the user's name), runs
# /docker-entrypoint-initdb.d/*.sql and *.sh on a server reachable only by its Unix socket, then starts postgres
# listening on every interface of the container.
set -eu
if [ "${1#-}" != "$1" ]; then set -- postgres "$@"; fi
if [ "$1" != postgres ]; then exec "$@"; fi

if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

file_env() {
  var="$1"; file_var="${1}_FILE"
  eval "value=\${$var:-}"; eval "file=\${$file_var:-}"
  if [ -n "$value" ] && [ -n "$file" ]; then echo "both $var and $file_var are set" >&2; exit 1; fi
  if [ -n "$file" ]; then value="$(cat "$file")"; fi
  eval "$var=\$value"; export "$var"
}

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  file_env POSTGRES_PASSWORD
  user="${POSTGRES_USER:-postgres}"
  db="${POSTGRES_DB:-$user}"
  auth="${POSTGRES_HOST_AUTH_METHOD:-}"
  if [ -z "$POSTGRES_PASSWORD" ] && [ "$auth" != trust ]; then
    echo "Database is uninitialized and superuser password is not specified: set POSTGRES_PASSWORD" \
      "(or POSTGRES_PASSWORD_FILE), or POSTGRES_HOST_AUTH_METHOD=trust." >&2
    exit 1
  fi
  [ -n "$auth" ] || auth=scram-sha-256
  pwfile="$(mktemp)"
  printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
  initdb -D "$PGDATA" -U "$user" --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 --auth-local=trust \
    --auth-host="$auth" ${POSTGRES_INITDB_ARGS:-} >/dev/null
  rm -f "$pwfile"
  printf "host all all all %s\n" "$auth" >> "$PGDATA/pg_hba.conf"
  echo "listen_addresses = '*'" >> "$PGDATA/postgresql.conf"

  pg_ctl -D "$PGDATA" -w -o "-c listen_addresses='' -k /var/run/postgresql" start >/dev/null
  if [ "$db" != postgres ]; then
    psql -v ON_ERROR_STOP=1 -h /var/run/postgresql -U "$user" -d postgres -q \
      -c "CREATE DATABASE \"$db\""
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sql) psql -v ON_ERROR_STOP=1 -h /var/run/postgresql -U "$user" -d "$db" -q -f "$f" ;;
      *.sh) PGHOST=/var/run/postgresql PGUSER="$user" PGDATABASE="$db" sh "$f" ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  echo "PostgreSQL init process complete; ready for start up."
fi

exec "$@"
