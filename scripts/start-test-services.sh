#!/usr/bin/env bash
# Installs (from Debian's packages) and starts the real services the tests talk to, then prints the environment
# the tests read. Idempotent: running services are reused.
#   PostgreSQL: a private cluster in $LAKE_TEST_DIR/pg on 127.0.0.1:$LAKE_TEST_PG_PORT (default 55433), trust auth
#   RabbitMQ:   rabbitmq-server -detached on 127.0.0.1:5672 (guest/guest)
#   npm:        the conformance suites' packages (scripts/setup-conformance.sh)
#   Chromium:   Debian's package, for the dashboard's browser tests (Playwright launches /usr/bin/chromium)
# Usage: eval "$(scripts/start-test-services.sh)"
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/ensure-packages.sh" postgresql rabbitmq-server openssh-server openssh-client chromium tzdata >&2
# Google's npm clients and ZetaSQL for the conformance tests of the fakes (tests/conformance/*).
"$here/setup-conformance.sh" >&2

dir="${LAKE_TEST_DIR:-/tmp/ecommercelake-test}"
port="${LAKE_TEST_PG_PORT:-55433}"
pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)"
mkdir -p "$dir/pg"
as_pg=()
if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$dir/pg"; as_pg=(runuser -u postgres --); fi
if [ ! -f "$dir/pg/data/PG_VERSION" ]; then
  "${as_pg[@]}" "$pgbin/initdb" -D "$dir/pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
if ! "${as_pg[@]}" "$pgbin/pg_ctl" -D "$dir/pg/data" status >/dev/null 2>&1; then
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/postgres.log" -w -t 60 \
    -o "-p $port -k $dir/pg -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300 \
        -c shared_buffers=256MB" start >&2
fi

if ! rabbitmqctl -q status >/dev/null 2>&1; then
  rabbitmq-server -detached >&2 2>/dev/null || true
  for _ in $(seq 1 60); do rabbitmqctl -q status >/dev/null 2>&1 && break; sleep 1; done
  rabbitmqctl -q status >/dev/null 2>&1 || { echo "RabbitMQ did not start" >&2; exit 1; }
fi

echo "export LAKE_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;\
Include Error Detail=true'"
echo "export LAKE_TEST_RABBITMQ='amqp://guest:guest@127.0.0.1:5672/'"
