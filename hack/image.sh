#!/usr/bin/env bash
# make image: the operator's OCI image, built on this machine from Debian packages only (no registry, no FROM).
#   usage: hack/image.sh          build target/image/rootmfa-operator-<appVersion>.oci.tar from target/quarkus-app
#                                 (`make image` runs `mvn package` first); prints the archive's path, size and digest
#          hack/image.sh --name   print the image reference a build writes into the archive, and exit
#   IMAGE=registry/name[:tag]     the reference to write instead of localhost/rootmfa-operator:<appVersion> (a missing
#                                 tag is the chart's appVersion); `skopeo copy oci-archive:<archive> docker://...` pushes
# Steps:
#  1. Base (cached in ~/.cache/rootmfa/image-base/<hash of this recipe and the apt sources>): mmdebstrap a Debian 13
#     (trixie) chroot with openjdk-25-jre-headless from this machine's Debian mirror (its apt sources name it; the
#     suite is trixie whatever Debian this machine runs), then keep only the JRE, the shared
#     libraries its ELF files load (ldd, in the chroot), its /etc config, the Java CA certificates, tzdata, os-release,
#     passwd/group with user 65532, and a dpkg status of the packages those files come from. No shell, no apt, no
#     coreutils: the image runs nothing but java.
#  2. umoci: three layers (base; the app's dependencies, target/quarkus-app/lib; the rest of the fast-jar), the config
#     (user 65532, entrypoint, OCI labels). Files carry mtime 1 s after the epoch (as Jib does), created times are the
#     HEAD commit's, so an unchanged tree gives the same digest.
#  3. skopeo: the OCI layout -> an oci-archive with the reference. Next to it: the app's CycloneDX SBOM
#     (target/bom.json from the Maven build), the base's Debian package list (text and CycloneDX), and
#     image.properties for the tests.
# Everything is built in a temp dir and moved into place last (the previous outputs are removed first): a failed
# build leaves no archive behind.
set -euo pipefail
cd "$(dirname "$0")/.."

# The JVM flags, in this one place: heap from the container's memory limit, and half of it from the start, so that
# the young generation (a third of the heap) is 64 MiB under the chart's 384 MiB rather than the ~17 MiB the serial
# collector grows to by itself (a quarter of the collections; README, "Performance"); on OutOfMemoryError exit (and
# be restarted) rather than limp on; 8-byte object headers (JDK 25), a tenth less live heap;
# Netty 4.1 (under the Kubernetes client's vert.x) uses sun.misc.Unsafe's memory access, which Java 24 and later would
# warn about on stderr, outside the JSON log; the C1 compiler only: C2 spent as much CPU compiling as the operator
# spent enrolling 1,000 accounts, for code that mostly waits on AWS (README, "Performance"). These are on the command
# line, not in JAVA_TOOL_OPTIONS, because the JVM announces that variable on stderr, outside the JSON log.
JVM_FLAGS=(-XX:MaxRAMPercentage=70 -XX:InitialRAMPercentage=50 -XX:+ExitOnOutOfMemoryError -XX:+UseCompactObjectHeaders
  --sun-misc-unsafe-memory-access=allow -XX:TieredStopAtLevel=1)
# Numeric, so that Kubernetes' runAsNonRoot can verify it without a passwd lookup (the chart's runAsUser).
IMAGE_USER=65532
DEFAULT_REPOSITORY=localhost/rootmfa-operator
CHART=helm/rootmfa-operator/Chart.yaml
SUITE=trixie
JAVA_PACKAGE=openjdk-25-jre-headless
BASE_PACKAGES=$JAVA_PACKAGE,ca-certificates,tzdata
JRE=/usr/lib/jvm/java-25-openjdk-amd64
APP_DIR=/app
OUT_DIR=target/image
CACHE=${ROOTMFA_CACHE:-$HOME/.cache/rootmfa}/image-base

say() { printf 'image: %s\n' "$*" >&2; }
die() { say "FAILED: $*"; exit 1; }

chart_field() { sed -n "s/^$1: *\"\{0,1\}\([^\"]*\)\"\{0,1\} *$/\1/p" "$CHART" | head -n 1; }
APP_VERSION=$(chart_field appVersion)
[[ -n $APP_VERSION ]] || die "no appVersion in $CHART"

# The reference the archive carries: IMAGE, or the chart's default repository at the chart's appVersion.
image_reference() {
  local ref=${IMAGE:-$DEFAULT_REPOSITORY}
  local name_re='^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-]|__|-+)?[a-z0-9]*([._-][a-z0-9]+)*)*'
  [[ $ref =~ ${name_re}(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$ ]] \
    || die "IMAGE=$ref is not an image reference of the form registry/name[:tag] (lower-case name, no digest)"
  # A tag is what follows the last ':' when no '/' comes after it.
  [[ ${ref##*/} == *:* ]] || ref="$ref:$APP_VERSION"
  printf '%s\n' "$ref"
}
REFERENCE=$(image_reference)
if [[ ${1:-} == --name ]]; then
  printf '%s\n' "$REFERENCE"
  exit 0
fi
[[ $# == 0 ]] || { echo "usage: $0 [--name]" >&2; exit 2; }

(( EUID == 0 )) || die "building the base needs root (mmdebstrap --mode=root chroots into it); run as root"
# shellcheck source=/dev/null
. /etc/os-release
[[ ${ID:-} == debian ]] \
  || die "the base is built with this machine's Debian mirror and keyring, so it must be Debian; this is ${PRETTY_NAME:-unknown}"
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
[[ -f /usr/share/keyrings/debian-archive-$SUITE-stable.gpg ]] \
  || die "this machine's debian-archive-keyring has no key for $SUITE: update it (apt-get install debian-archive-keyring)"
hack/debian-packages.sh mmdebstrap umoci skopeo jq
[[ -f target/quarkus-app/quarkus-run.jar ]] || die "no target/quarkus-app/quarkus-run.jar: run make image (it builds first)"
[[ -f target/bom.json ]] || die "no target/bom.json (the app's SBOM): run make image (it builds first)"

# This machine's Debian mirror and security mirror (from its deb822 or one-line apt sources), for $SUITE.
machine_sources() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
    [[ -s $f ]] || continue
    # One line per source: "<uri> <suites...>", from either format.
    awk '/^deb /{u=$2; if (u ~ /^\[/) {u=$3; $3=""}; $1=""; $2=""; print u, $0; next}
         /^URIs:/{u=$2} /^Suites:/{$1=""; print u, $0}' "$f"
  done
}
mirror=$(machine_sources | awk '$0 !~ /-security/ {print $1; exit}')
security=$(machine_sources | awk '/-security/ {print $1; exit}')
[[ -n $mirror ]] || die "no Debian mirror in this machine's apt sources (/etc/apt): the base comes from Debian's packages"
apt_sources=("deb [signed-by=$KEYRING] $mirror $SUITE main" "deb [signed-by=$KEYRING] $mirror $SUITE-updates main")
[[ -z $security ]] || apt_sources+=("deb [signed-by=$KEYRING] $security $SUITE-security main")

# --- 1. the base -----------------------------------------------------------------------------------------------------
# Runs inside the chroot: prints the files the image keeps, as paths whose directories are not symlinks.
KEEP_SCRIPT='
set -eu
jre=$1
echo "$jre"
echo /usr/lib/jvm/java-1.25.0-openjdk-amd64
echo /etc/java-25-openjdk
echo /etc/ssl/certs/java/cacerts
echo /etc/ssl/certs/ca-certificates.crt
echo /usr/share/zoneinfo
echo /etc/localtime
echo /etc/nsswitch.conf
echo /etc/os-release
echo /usr/lib/os-release
# Font rendering and sound (libfontmanager.so, libjsound.so) are left out: their libraries (freetype, harfbuzz,
# alsa) are only recommended by openjdk-25-jre-headless, and an operator draws no text and plays no sound.
# The launcher finds libjvm.so and the JRE'"'"'s own libraries in these directories.
LD_LIBRARY_PATH="$jre/lib:$jre/lib/server" \
  find "$jre" -type f \( -name "*.so" -o -perm -u+x \) ! -name libfontmanager.so ! -name libjsound.so \
    -exec ldd {} + 2>/dev/null >/tmp/ldd.out || true
if grep "not found" /tmp/ldd.out >&2; then echo "a library of the JRE is not found (above)" >&2; exit 1; fi
sed -n -e "s/^.*=> \(\/[^ ]*\) (.*$/\1/p" -e "s/^[[:space:]]*\(\/[^ ]*\) (.*$/\1/p" /tmp/ldd.out | sort -u \
  | while read -r lib; do
      canonical="$(realpath "$(dirname "$lib")")/$(basename "$lib")"
      echo "$canonical"
      realpath "$lib"
    done
'
# Runs inside the chroot: the installed packages that own any of the paths given on stdin (or their ldd spelling).
OWNERS_SCRIPT='
set -eu
xargs dpkg-query -S 2>/dev/null | sed -n "s/^\([^ :,]*\)\(:[a-z0-9]*\)\{0,1\}[:,].*$/\1/p" | sort -u
'

build_base() { # build_base <dir>: <dir>/rootfs, <dir>/debian-packages.txt
  local dir=$1 chroot=$1/chroot rootfs=$1/rootfs
  mmdebstrap --mode=root --variant=essential --include="$BASE_PACKAGES" \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/info/*' \
    --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
    "$SUITE" "$chroot" "${apt_sources[@]}" >"$dir/mmdebstrap.log" 2>&1 \
    || { tail -n 30 "$dir/mmdebstrap.log" >&2; die "mmdebstrap failed (above)"; }
  chroot "$chroot" /bin/sh -c "$KEEP_SCRIPT" keep "$JRE" >"$dir/keep" \
    || die "listing the JRE's files and libraries in the chroot failed"
  { cat "$dir/keep"; ldd_paths "$chroot"; } | chroot "$chroot" /bin/sh -c "$OWNERS_SCRIPT" >"$dir/owners"
  # The CA bundles are made by triggers of ca-certificates(-java): owners of no file of the image, makers of two.
  packages=$( { cat "$dir/owners"; echo ca-certificates; echo ca-certificates-java; } | sort -u)
  [[ $packages == *$JAVA_PACKAGE* && $packages == *libc6* ]] \
    || die "cannot tell which Debian packages the base holds (got: ${packages//$'\n'/ })"

  mkdir -p "$rootfs"
  tar -C "$chroot" -cf - --exclude="${JRE#/}/lib/ct.sym" --exclude="${JRE#/}/lib/libfontmanager.so" \
    --exclude="${JRE#/}/lib/libjsound.so" --exclude="${JRE#/}/man" --exclude="${JRE#/}/docs" \
    --verbatim-files-from -T <(sed 's#^/##' "$dir/keep") | tar -C "$rootfs" -xpf -
  local link
  for link in bin lib lib64 sbin; do
    [[ -L $chroot/$link ]] && ln -s "$(readlink "$chroot/$link")" "$rootfs/$link"
  done
  install -d -m 1777 "$rootfs/tmp"
  install -d -m 0700 -o "$IMAGE_USER" -g "$IMAGE_USER" "$rootfs/home/nonroot"
  printf 'root:x:0:0:root:/root:/usr/sbin/nologin\nnonroot:x:%s:%s:nonroot:/home/nonroot:/usr/sbin/nologin\n' \
    "$IMAGE_USER" "$IMAGE_USER" >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnonroot:x:%s:\n' "$IMAGE_USER" >"$rootfs/etc/group"
  # For scanners (syft, trivy, grype) that read dpkg's database: exactly the packages the files came from.
  install -d "$rootfs/var/lib/dpkg"
  # shellcheck disable=SC2086
  chroot "$chroot" dpkg-query -s $packages >"$rootfs/var/lib/dpkg/status"
  # shellcheck disable=SC2086
  chroot "$chroot" dpkg-query -W -f='${Package} ${Version} ${Architecture}\n' $packages | sort >"$dir/debian-packages.txt"
  [[ -x $rootfs$JRE/bin/java ]] || die "the base has no $JRE/bin/java"
  find "$rootfs" -exec touch -h -d @1 {} +
  rm -rf --one-file-system "$chroot"   # never into a mount mmdebstrap might have left
}
# The library paths as ldd printed them (dpkg's database may know /lib/..., not /usr/lib/...).
ldd_paths() { sed -n -e 's/^.*=> \(\/[^ ]*\) (.*$/\1/p' -e 's/^[[:space:]]*\(\/[^ ]*\) (.*$/\1/p' "$1/tmp/ldd.out" | sort -u; }

base_key=$( { declare -f build_base ldd_paths; echo "$KEEP_SCRIPT$OWNERS_SCRIPT$SUITE$BASE_PACKAGES$JRE$IMAGE_USER"
  printf '%s\n' "${apt_sources[@]}"; } | sha256sum | cut -c1-16)
BASE=$CACHE/$base_key
if [[ ! -f $BASE/debian-packages.txt ]]; then
  say "building the base (mmdebstrap $SUITE + $BASE_PACKAGES, then trimmed) into $BASE"
  mkdir -p "$CACHE"
  building=$(mktemp -d "$CACHE/.building.XXXXXX")
  trap 'rm -rf --one-file-system "$building"' EXIT
  build_base "$building"
  rm -f "$building/keep" "$building/owners"
  # Atomic; if a parallel build finished first, keep its copy.
  mv -T "$building" "$BASE" 2>/dev/null || rm -rf "$building"
  trap - EXIT
  # Bases of other recipes that no build used for a week.
  find "$CACHE" -mindepth 1 -maxdepth 1 -type d ! -name "$base_key" ! -name '.*' -mtime +7 -exec rm -rf {} +
else
  say "base from the cache: $BASE"
  touch "$BASE"
fi

# --- 2. the image ------------------------------------------------------------------------------------------------------
NAME=rootmfa-operator-$APP_VERSION
mkdir -p "$OUT_DIR"
# A failed build must not leave the previous image looking like this one: image.properties, written last, says whole.
rm -f "$OUT_DIR/image.properties" "$OUT_DIR/$NAME".*
work=$(mktemp -d "$OUT_DIR/.building.XXXXXX")
trap 'rm -rf "$work"' EXIT

epoch=$(git log -1 --format=%ct 2>/dev/null || echo 1)
created=$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)
revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
[[ $revision == unknown ]] || git diff --quiet HEAD -- 2>/dev/null || revision="$revision-dirty"
source_url=$(sed -n '/^sources:/{n;s/^ *- *//p;}' "$CHART")
description=$(chart_field description)

# The fast-jar as two layers: dependencies (change rarely) and the app itself.
mkdir -p "$work/deps" "$work/app"
cp -a target/quarkus-app/lib "$work/deps/lib"
cp -a target/quarkus-app/. "$work/app/"
rm -rf "$work/app/lib"
chmod -R a+rX,go-w "$work/deps" "$work/app"
find "$work/deps" "$work/app" -exec touch -h -d @1 {} +

layout="$work/layout"
history=(--history.created "$created" --history.author rootmfa)
umoci init --layout "$layout"
umoci new --image "$layout:build"
umoci insert --image "$layout:build" "${history[@]}" \
  --history.created_by "Debian $SUITE: $JAVA_PACKAGE, its libraries, CA certificates, tzdata" \
  "$BASE/rootfs" /
umoci insert --image "$layout:build" "${history[@]}" --history.created_by "quarkus-app/lib" \
  "$work/deps/lib" "$APP_DIR/lib"
umoci insert --image "$layout:build" "${history[@]}" --history.created_by "quarkus-app" \
  "$work/app" "$APP_DIR"
entrypoint=()
for arg in "$JRE/bin/java" "${JVM_FLAGS[@]}" -jar "$APP_DIR/quarkus-run.jar"; do entrypoint+=(--config.entrypoint "$arg"); done
labels=()
for label in "source=$source_url" "version=$APP_VERSION" "revision=$revision" "licenses=Apache-2.0" \
    "title=rootmfa-operator" "description=$description" "created=$created"; do
  labels+=(--config.label "org.opencontainers.image.$label")
done
umoci config --image "$layout:build" "${history[@]}" --history.created_by "config" \
  --created "$created" --author rootmfa --os linux --architecture amd64 \
  --config.user "$IMAGE_USER:$IMAGE_USER" --config.workingdir "$APP_DIR" "${entrypoint[@]}" \
  --config.env "JAVA_HOME=$JRE" --config.env LANG=C.UTF-8 --config.exposedports 8080/tcp "${labels[@]}"
umoci gc --layout "$layout"

skopeo copy --quiet "oci:$layout:build" "oci-archive:$work/$NAME.oci.tar:$REFERENCE"
digest=$(skopeo inspect --format '{{.Digest}}' "oci-archive:$work/$NAME.oci.tar")
[[ $digest == sha256:* ]] || die "cannot read the digest back from the archive"
cp target/bom.json "$work/$NAME.app.cdx.json"
cp "$BASE/debian-packages.txt" "$work/$NAME.debian-packages.txt"
# The same list as CycloneDX, with Debian package URLs, for tools that read one SBOM format for both layers.
jq -R -n --arg created "$created" --arg version "$APP_VERSION" --arg suite "$SUITE" '
  { bomFormat: "CycloneDX", specVersion: "1.6", version: 1,
    metadata: { timestamp: $created,
                component: { type: "container", name: "rootmfa-operator base", version: $version } },
    components: [ inputs | split(" ") | {
      type: "library", name: .[0], version: .[1],
      purl: "pkg:deb/debian/\(.[0])@\(.[1] | @uri)?arch=\(.[2])&distro=\($suite)",
      "bom-ref": "pkg:deb/debian/\(.[0])@\(.[1] | @uri)?arch=\(.[2])" } ] }' \
  "$BASE/debian-packages.txt" >"$work/$NAME.debian.cdx.json"
size=$(stat -c %s "$work/$NAME.oci.tar")
cat >"$work/image.properties" <<EOF
archive=$OUT_DIR/$NAME.oci.tar
reference=$REFERENCE
digest=$digest
user=$IMAGE_USER
EOF

# Into place, image.properties last: when it is there, so is everything it names.
for f in "$NAME.app.cdx.json" "$NAME.debian.cdx.json" "$NAME.debian-packages.txt" "$NAME.oci.tar" image.properties; do
  mv -f "$work/$f" "$OUT_DIR/$f"
done
say "archive   $OUT_DIR/$NAME.oci.tar"
say "reference $REFERENCE"
say "size      $size bytes ($(( (size + 524288) / 1048576 )) MiB compressed)"
say "digest    $digest"
say "sbom      $OUT_DIR/$NAME.app.cdx.json (app), $OUT_DIR/$NAME.debian.cdx.json and .debian-packages.txt (base)"
