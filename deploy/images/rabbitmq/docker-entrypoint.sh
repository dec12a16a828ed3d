#!/bin/sh
# Entry point of the local RabbitMQ image. Writes /etc/rabbitmq/conf.d/10-defaults.conf from the public image's
# environment variables (RABBITMQ_DEFAULT_USER, RABBITMQ_DEFAULT_PASS, RABBITMQ_DEFAULT_VHOST, each also as
# *_FILE), lets the default user in from other hosts than loopback (a published port arrives from the bridge),
# then runs rabbitmq-server as the rabbitmq user.
set -eu
file_env() {
  var="$1"; file_var="${1}_FILE"
  eval "value=\${$var:-}"; eval "file=\${$file_var:-}"
  if [ -n "$value" ] && [ -n "$file" ]; then echo "both $var and $file_var are set" >&2; exit 1; fi
  if [ -n "$file" ]; then value="$(cat "$file")"; fi
  eval "$var=\$value"
}
if [ "$1" = rabbitmq-server ] && [ "$(id -u)" = 0 ]; then
  file_env RABBITMQ_DEFAULT_USER; file_env RABBITMQ_DEFAULT_PASS; file_env RABBITMQ_DEFAULT_VHOST
  mkdir -p /etc/rabbitmq/conf.d
  {
    echo "loopback_users = none"
    echo "listeners.tcp.default = 5672"
    echo "management.tcp.port = 15672"
    [ -z "$RABBITMQ_DEFAULT_USER" ] || echo "default_user = $RABBITMQ_DEFAULT_USER"
    [ -z "$RABBITMQ_DEFAULT_PASS" ] || echo "default_pass = $RABBITMQ_DEFAULT_PASS"
    [ -z "$RABBITMQ_DEFAULT_VHOST" ] || echo "default_vhost = $RABBITMQ_DEFAULT_VHOST"
  } > /etc/rabbitmq/conf.d/10-defaults.conf
  chown -R rabbitmq:rabbitmq /etc/rabbitmq /var/lib/rabbitmq
  chmod 600 /etc/rabbitmq/conf.d/10-defaults.conf
  unset RABBITMQ_DEFAULT_USER RABBITMQ_DEFAULT_PASS RABBITMQ_DEFAULT_VHOST \
    RABBITMQ_DEFAULT_USER_FILE RABBITMQ_DEFAULT_PASS_FILE RABBITMQ_DEFAULT_VHOST_FILE
  export HOME=/var/lib/rabbitmq
  shift
  # The Debian wrapper /usr/sbin/rabbitmq-server would send the log to files; the real script logs to stdout.
  exec setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups /usr/lib/rabbitmq/bin/rabbitmq-server "$@"
fi
exec "$@"
