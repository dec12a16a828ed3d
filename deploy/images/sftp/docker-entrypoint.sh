#!/bin/sh
# Entry point of the local SFTP image (the atmoz/sftp contract, see the Dockerfile): creates each user, its
# chroot (/home/<user>, owned by root as sshd requires), its directories (owned by the user) and its
# authorized_keys from /home/<user>/.ssh/keys/*, generates missing host keys, then runs sshd in the foreground
# logging to stderr.
set -eu
add_user() {
  IFS=: read -r name pass flag_or_uid rest <<LINE
$1
LINE
  encrypted=""
  if [ "$flag_or_uid" = e ]; then encrypted=yes; IFS=: read -r uid gid dirs <<LINE
$rest
LINE
  else uid="$flag_or_uid"; IFS=: read -r gid dirs <<LINE
$rest
LINE
  fi
  [ -n "$name" ] || { echo "a user line has no name: $1" >&2; exit 1; }
  if ! getent passwd "$name" >/dev/null; then
    if [ -n "$gid" ] && ! getent group "$gid" >/dev/null; then groupadd -g "$gid" "g$gid"; fi
    useradd -M -d "/home/$name" -s /usr/sbin/nologin ${uid:+-u "$uid"} ${gid:+-g "$gid"} -o "$name"
  fi
  if [ -n "$pass" ]; then
    if [ -n "$encrypted" ]; then echo "$name:$pass" | chpasswd -e; else echo "$name:$pass" | chpasswd; fi
  else usermod -p '*' "$name"; fi
  home="/home/$name"
  mkdir -p "$home/.ssh"
  chown root:root "$home"; chmod 755 "$home"
  if [ -d "$home/.ssh/keys" ]; then cat "$home"/.ssh/keys/* > "$home/.ssh/authorized_keys" 2>/dev/null || true; fi
  touch "$home/.ssh/authorized_keys"
  chown "$name" "$home/.ssh" "$home/.ssh/authorized_keys"
  chmod 700 "$home/.ssh"; chmod 600 "$home/.ssh/authorized_keys"
  if [ -n "${dirs:-}" ]; then
    old_ifs="$IFS"; IFS=,
    for d in $dirs; do mkdir -p "$home/$d"; chown "$name" "$home/$d"; done
    IFS="$old_ifs"
  fi
}
for line in "$@"; do add_user "$line"; done
if [ -f /etc/sftp/users.conf ]; then
  grep -v -e '^#' -e '^[[:space:]]*$' /etc/sftp/users.conf | while read -r line; do add_user "$line"; done
fi
[ -f /etc/ssh/ssh_host_ed25519_key ] || ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/ssh_host_ed25519_key
[ -f /etc/ssh/ssh_host_rsa_key ] || ssh-keygen -q -t rsa -b 3072 -N '' -f /etc/ssh/ssh_host_rsa_key
mkdir -p /run/sshd
exec /usr/sbin/sshd -D -e
