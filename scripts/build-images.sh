#!/usr/bin/env bash
# Builds the container images the tests and the compose stack use, from Debian's packages, for a machine that
# cannot pull from a registry. Each image is rebuilt only when its inputs changed (a hash of its build context is
# kept in the image's label org.ecommercelake.inputs), so a second run reuses them.
#   lake/debian:bookworm          debootstrap --variant=minbase bookworm from the machine's Debian mirror (the URIs:
#                                 line of /etc/apt/sources.list.d/debian.sources), apt sources and settings copied
#   lake/postgres:15              deploy/images/postgres   (stand-in for postgres:15)
#   lake/rabbitmq:3-management    deploy/images/rabbitmq   (stand-in for rabbitmq:3-management)
#   lake/sftp:1                   deploy/images/sftp       (stand-in for atmoz/sftp)
#   with --services, also ecommercelake/<service>:local for the four services: a self-contained
#   `dotnet publish -r linux-x64` on this machine, copied onto lake/debian:bookworm by deploy/Dockerfile
#   (--build-arg BUILD=published).
# Prints, on stdout, the export lines naming the images (eval them); progress and timings go to stderr.
# Usage: eval "$(scripts/build-images.sh [--services])"
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/ensure-docker.sh

# BuildKit skips the stages a build does not use (deploy/Dockerfile's SDK stage needs a registry). Docker CLIs
# without the buildx plugin cannot use it; Debian's own CLI (20.10) has it built in.
docker_cli=docker
if ! docker buildx version >/dev/null 2>&1 && [ -x /usr/bin/docker ]; then docker_cli=/usr/bin/docker; fi
build() { DOCKER_BUILDKIT=1 "$docker_cli" build --network host --progress plain "$@"; }

label=org.ecommercelake.inputs
image_id() { docker image inspect -f '{{.Id}}' "$1" 2>/dev/null || true; }
inputs_of() {
  (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum; image_id "$base") | sha256sum | cut -c1-16
}
current() { docker image inspect -f "{{index .Config.Labels \"$label\"}}" "$1" 2>/dev/null || true; }
timed() { local what="$1"; shift; local start=$SECONDS; "$@"; echo "$what: $((SECONDS - start)) s" >&2; }
# Builds the image tagged $1 from the remaining `docker build` arguments. A build under an existing tag leaves the
# image it replaced untagged, 300 MB per service image and run; it is removed unless a container still uses it.
build_replacing() {
  local tag="$1" old; shift
  old="$(image_id "$tag")"
  timed "image $tag" build -q -t "$tag" "$@" >&2
  if [ -n "$old" ] && [ "$old" != "$(image_id "$tag")" ]; then docker image rm "$old" >/dev/null 2>&1 || true; fi
}

base=lake/debian:bookworm
make_base() {
  bash scripts/ensure-packages.sh debootstrap >&2
  local mirror dir
  mirror="$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
  [ -n "$mirror" ] || mirror="$(awk '/^deb / { print $2; exit }' /etc/apt/sources.list 2>/dev/null || true)"
  [ -n "$mirror" ] || { echo "no Debian mirror configured in /etc/apt" >&2; exit 1; }
  dir="$(mktemp -d /tmp/lake-debian-XXXXXX)"
  debootstrap --variant=minbase bookworm "$dir" "$mirror" >"$dir.log" 2>&1 \
    || { tail -n 20 "$dir.log" >&2; echo "debootstrap failed (log: $dir.log)" >&2; exit 1; }
  # The image's apt sees what this machine's apt sees: its sources and its local settings (those no package owns).
  cp /etc/apt/sources.list.d/*.sources "$dir/etc/apt/sources.list.d/" 2>/dev/null && rm -f "$dir/etc/apt/sources.list"
  for f in /etc/apt/apt.conf.d/*; do dpkg -S "$f" >/dev/null 2>&1 || cp "$f" "$dir/etc/apt/apt.conf.d/"; done
  rm -rf "$dir/var/cache/apt/archives/"*.deb "$dir/var/lib/apt/lists/"*
  tar -C "$dir" -c . | docker import -c 'CMD ["/bin/bash"]' -c 'ENV LANG=C.UTF-8' - "$base" >/dev/null
  rm -rf "$dir" "$dir.log"
}
if ! docker image inspect "$base" >/dev/null 2>&1; then timed "base image $base (debootstrap + import)" make_base; fi

image() {
  local tag="$1" context="$2" inputs
  inputs="$(inputs_of "$context")"
  if [ "$(current "$tag")" = "$inputs" ]; then echo "$tag: up to date" >&2; return; fi
  build_replacing "$tag" --label "$label=$inputs" --build-arg "BASE=$base" "$context"
}
image lake/postgres:15 deploy/images/postgres
image lake/rabbitmq:3-management deploy/images/rabbitmq
image lake/sftp:1 deploy/images/sftp

echo "export LAKE_TEST_POSTGRES_IMAGE=lake/postgres:15"
echo "export LAKE_TEST_RABBITMQ_IMAGE=lake/rabbitmq:3-management"
echo "export LAKE_TEST_SFTP_IMAGE=lake/sftp:1"

if [ "${1:-}" = --services ]; then
  for service in ingestion processing warehouse orchestrator; do
    Service="$(printf '%s' "$service" | sed 's/^./\U&/')"
    out="deploy/publish/$service"
    host="services/$service/EcommerceLake.$Service.Host/EcommerceLake.$Service.Host.csproj"
    timed "publish $service" dotnet publish "$host" \
      -c Release -r linux-x64 --self-contained -nologo -v quiet -o "$out" >&2
    # Docker's layer cache makes this a no-op when the published files did not change.
    build_replacing "ecommercelake/$service:local" -f deploy/Dockerfile --build-arg "SERVICE=$service" \
      --build-arg BUILD=published --build-arg "BASE=$base" .
  done
  # Every publish copies new files, so BuildKit's cache grows by the four images each run (70 GB once, over many
  # CI runs); the oldest entries beyond 4 GB go.
  "$docker_cli" builder prune -f --keep-storage 4GB >/dev/null 2>&1 || true
  echo "export LAKE_IMAGE_TAG=local"
  echo "export LAKE_COMPOSE_TEST=1"
fi
