#!/usr/bin/env bash
# podman as this project runs it (ImageIT, and anyone trying the image by hand): Debian's podman with the runc runtime
# (crun refuses hybrid cgroup layouts), vfs storage, cgroupfs, file events, its storage outside the work tree in
# ~/.cache/rootmfa/podman. Installs podman and runc when missing (hack/debian-packages.sh).
#   usage: hack/podman.sh PODMAN-ARGUMENTS...
#   e.g.   hack/podman.sh load -i target/image/rootmfa-operator-0.1.0.oci.tar
#          hack/podman.sh run --rm --read-only --tmpfs /tmp --user 65532 localhost/rootmfa-operator:0.1.0
set -euo pipefail
"$(dirname "$0")/debian-packages.sh" podman runc
storage=${ROOTMFA_PODMAN_STORAGE:-${ROOTMFA_CACHE:-$HOME/.cache/rootmfa}/podman}
mkdir -p "$storage"
exec podman --root "$storage/root" --runroot "${TMPDIR:-/tmp}/rootmfa-podman-run-$(id -u)" --storage-driver vfs \
  --runtime runc --cgroup-manager cgroupfs --events-backend file "$@"
