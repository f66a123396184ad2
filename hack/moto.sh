#!/usr/bin/env bash
# Provides moto_server (an independent AWS peer) in a venv cached outside the work tree.
#   hack/moto.sh install        create/refresh the venv; prints the moto_server path
#   hack/moto.sh start <file>   start moto_server on a free loopback port; writes "<pid> <port>" to <file>
#   hack/moto.sh stop <file>    stop the server recorded in <file>
set -euo pipefail

MOTO_VERSION="${MOTO_VERSION:-5.2.5}"
VENV="${ROOTMFA_CACHE:-$HOME/.cache/rootmfa}/moto-$MOTO_VERSION"
say() { printf 'moto: %s\n' "$*" >&2; }

install() {
  if [[ ! -x "$VENV/bin/moto_server" ]]; then
    say "installing moto[server]==$MOTO_VERSION into $VENV"
    rm -rf "$VENV.tmp"
    python3 -m venv "$VENV.tmp"
    "$VENV.tmp/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
    rm -rf "$VENV"
    mv "$VENV.tmp" "$VENV"
    # A moved venv keeps its old path in script shebangs: recreate the entry points in place.
    "$VENV/bin/python" -m venv --upgrade "$VENV" >/dev/null
    sed -i "1s|.*|#!$VENV/bin/python|" "$VENV"/bin/moto_server "$VENV"/bin/pip
  fi
  echo "$VENV/bin/moto_server"
}

start() {
  local state="$1" port pid
  install >/dev/null
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  "$VENV/bin/moto_server" -H 127.0.0.1 -p "$port" >"${state}.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do
    if curl -fsS "http://127.0.0.1:$port/moto-api/" >/dev/null 2>&1; then
      echo "$pid $port" >"$state"
      say "moto_server pid $pid on 127.0.0.1:$port"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { say "moto_server exited; see ${state}.log"; return 1; }
    sleep 0.2
  done
  say "moto_server did not answer on port $port"; kill "$pid" 2>/dev/null || true; return 1
}

stop() {
  local state="$1"
  [[ -f "$state" ]] || return 0
  local pid; pid=$(cut -d' ' -f1 "$state")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$state"
}

case "${1:-}" in
  install) install ;;
  start) start "${2:?state file}" ;;
  stop) stop "${2:?state file}" ;;
  *) echo "usage: $0 install | start <state-file> | stop <state-file>" >&2; exit 2 ;;
esac
