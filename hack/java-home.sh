#!/usr/bin/env bash
# Prints the home of a JDK for Java 25 or newer (the project's release; the image runs Debian's openjdk-25):
# $JAVA_HOME if it is one, else the newest under /usr/lib/jvm. The Makefile puts it first on PATH for every target.
#   hack/java-home.sh      prints the path, or one line on stderr and exit 1
set -euo pipefail
NEED=25
feature() { "$1/bin/javac" -version 2>/dev/null | sed -n 's/^javac \([0-9]*\).*/\1/p'; }
candidates=()
[[ -n ${JAVA_HOME:-} ]] && candidates+=("$JAVA_HOME")
while IFS= read -r dir; do candidates+=("$dir"); done < <(ls -d /usr/lib/jvm/*/ 2>/dev/null | sed 's:/$::' | sort -rV)
for home in "${candidates[@]}"; do
  [[ -x $home/bin/javac ]] || continue
  version=$(feature "$home")
  if [[ -n $version ]] && (( version >= NEED )); then
    printf '%s\n' "$home"
    exit 0
  fi
done
echo "java-home: no JDK $NEED or newer (JAVA_HOME or /usr/lib/jvm); install one, e.g. Temurin 25, and set JAVA_HOME" >&2
exit 1
