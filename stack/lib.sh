# shellcheck shell=bash
# Shared helpers for Parley's local-stack scripts (stack/*.sh). Source it, do not run it.
#
# Conventions (see stack/README.md):
#   * every service keeps its state under "$STACK_HOME/<service>/" (default <repo>/.stack/<service>/)
#   * the PID of the service's main process is in "$STACK_HOME/<service>/pid"
#   * processes are only ever stopped by that PID (SIGTERM, then SIGKILL after a timeout)
#   * waits are bounded; on failure the tail of the service log is printed

# Variables below are used by the scripts that source this file.
# shellcheck disable=SC2034
STACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$STACK_DIR/.." && pwd)"
# shellcheck disable=SC2034
STACK_HOME="${PARLEY_STACK_HOME:-$REPO_ROOT/.stack}"
# How long a start may take before we give up, and how long a SIGTERM may take before SIGKILL.
# shellcheck disable=SC2034
STACK_START_TIMEOUT="${PARLEY_START_TIMEOUT:-}"
STACK_STOP_TIMEOUT="${PARLEY_STOP_TIMEOUT:-30}"

log()  { printf '[stack] %s\n' "$*" >&2; }
warn() { printf '[stack] WARNING: %s\n' "$*" >&2; }
die()  { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }

now_ms() { date +%s%3N; }

# log_tail FILE [LINES]: print the last lines of a log file (for error messages).
log_tail() {
  local file="$1" lines="${2:-40}"
  if [[ -f "$file" ]]; then
    printf '[stack] ---- last %s lines of %s ----\n' "$lines" "$file" >&2
    tail -n "$lines" "$file" >&2 || true
    printf '[stack] ---- end of %s ----\n' "$file" >&2
  else
    printf '[stack] (no log file at %s)\n' "$file" >&2
  fi
}

# fail_with_log FILE MESSAGE...: print the message and the log tail, then exit 1.
fail_with_log() {
  local file="$1"; shift
  printf '[stack] ERROR: %s\n' "$*" >&2
  log_tail "$file"
  exit 1
}

# as_root CMD...: run a command as root (directly when we are root, else through sudo).
as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

# ensure_cmd BINARY PACKAGE...: apt-get install the Debian packages when BINARY is not found.
# Installing a daemon package on Debian may enable its system service; we never start or use it.
_APT_UPDATED=0
ensure_cmd() {
  local bin="$1"; shift
  if command -v "$bin" >/dev/null 2>&1 || [[ -x "$bin" ]]; then return 0; fi
  command -v apt-get >/dev/null 2>&1 || die "'$bin' is missing and apt-get is not available: install $* by hand"
  log "'$bin' not found: installing Debian package(s) $*"
  # Keep the packages' postinst scripts from starting the system-wide daemons (system redis,
  # nginx on port 80, ...): a temporary policy-rc.d that denies every start, unless one exists.
  local policy=/usr/sbin/policy-rc.d own_policy=0 rc=0
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\n# temporary, written by parley stack/lib.sh during apt-get install\nexit 101\n' \
      | as_root tee "$policy" >/dev/null && as_root chmod 755 "$policy" && own_policy=1
  fi
  _apt_install() { DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends "$@" >&2; }
  if ! _apt_install "$@"; then
    if [[ $_APT_UPDATED -eq 0 ]]; then
      log "apt-get install failed; running apt-get update once and retrying"
      as_root apt-get update -q >&2 || true
      _APT_UPDATED=1
    fi
    _apt_install "$@" || rc=$?
  fi
  [[ $own_policy -eq 1 ]] && as_root rm -f "$policy"
  [[ $rc -eq 0 ]] || die "could not install Debian package(s) $*"
  command -v "$bin" >/dev/null 2>&1 || [[ -x "$bin" ]] || die "installed $* but '$bin' is still not found"
}

# pid_alive PID: true when PID is a live (non-zombie) process.
pid_alive() {
  local pid="$1" state
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # kill -0 succeeds on zombies; treat them as dead.
  state="$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || true)"
  [[ "$state" != "Z" ]]
}

# group_alive PGID: true when a live (non-zombie) process is in process group PGID.
group_alive() {
  # shellcheck disable=SC2009  # pgrep -g would count zombies
  ps -o stat= -g "$1" 2>/dev/null | grep -qv '^Z'
}

# read_pid PIDFILE: print the PID recorded in the file (first line), or nothing.
read_pid() {
  local file="$1"
  [[ -f "$file" ]] || return 0
  head -n 1 "$file" 2>/dev/null | tr -dc '0-9'
}

# pid_matches PID PATTERN: true when the process' command line contains PATTERN
# (guards against a stale pid file whose PID was reused by an unrelated process).
pid_matches() {
  local pid="$1" pattern="$2"
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$pattern"
}

# running_pid PIDFILE PATTERN: print the recorded PID and succeed when it is alive and matches.
running_pid() {
  local file="$1" pattern="$2" pid
  pid="$(read_pid "$file")"
  [[ -n "$pid" ]] || return 1
  if pid_alive "$pid" && pid_matches "$pid" "$pattern"; then
    printf '%s\n' "$pid"
    return 0
  fi
  return 1
}

# clear_stale_pid PIDFILE PATTERN: remove a pid file whose process is gone.
clear_stale_pid() {
  local file="$1" pattern="$2"
  if [[ -f "$file" ]] && ! running_pid "$file" "$pattern" >/dev/null; then
    log "removing stale pid file $file"
    rm -f "$file"
  fi
}

# port_open PORT [HOST]: true when something accepts TCP connections on HOST:PORT.
port_open() {
  local port="$1" host="${2:-127.0.0.1}"
  (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null
}

# require_free_port PORT WHAT: fail clearly when the port is already taken.
require_free_port() {
  local port="$1" what="$2"
  if port_open "$port"; then
    die "port $port (for $what) is already in use by another process; pick another port (see stack/README.md for the env overrides)"
  fi
}

# spawn LOGFILE PIDFILE CMD...: start CMD detached (own session, stdin from /dev/null, output
# appended to LOGFILE), write its PID to PIDFILE and print the PID.
spawn() {
  local logfile="$1" pidfile="$2"; shift 2
  mkdir -p "$(dirname "$logfile")" "$(dirname "$pidfile")"
  printf '\n===== %s starting: %s\n' "$(date -Is)" "$*" >> "$logfile"
  # Not a process-group leader inside a script, so setsid execs in place: $! is the service PID.
  setsid "$@" < /dev/null >> "$logfile" 2>&1 &
  local pid=$!
  printf '%s\n' "$pid" > "$pidfile"
  printf '%s\n' "$pid"
}

# wait_ready NAME PID LOGFILE TIMEOUT_S CHECK_CMD...: poll CHECK_CMD until it succeeds; fail
# (with the log tail) when PID dies or TIMEOUT_S passes. PID may be empty (no liveness check).
wait_ready() {
  local name="$1" pid="$2" logfile="$3" timeout="$4"; shift 4
  local start deadline
  start="$(now_ms)"
  deadline=$(( start + timeout * 1000 ))
  while true; do
    if [[ -n "$pid" ]] && ! pid_alive "$pid"; then
      wait "$pid" 2>/dev/null || true
      fail_with_log "$logfile" "$name: process $pid exited before becoming ready"
    fi
    if "$@" >/dev/null 2>&1; then
      # shellcheck disable=SC2034  # read by the callers
      WAIT_READY_MS=$(( $(now_ms) - start ))
      return 0
    fi
    if (( $(now_ms) >= deadline )); then
      fail_with_log "$logfile" "$name: not ready after ${timeout}s (pid ${pid:-?} still running; stop it with its script's 'stop')"
    fi
    sleep 0.25
  done
}

# stop_pid NAME PIDFILE PATTERN [TIMEOUT_S] [SIGNAL]: send SIGNAL (default TERM) to the recorded
# PID, wait up to TIMEOUT_S for it to exit, then SIGKILL it. Removes the pid file.
stop_pid() {
  local name="$1" file="$2" pattern="$3" timeout="${4:-$STACK_STOP_TIMEOUT}" sig="${5:-TERM}"
  local pid start deadline
  pid="$(read_pid "$file")"
  if [[ -z "$pid" ]]; then
    log "$name: not running (no pid file)"
    rm -f "$file"
    return 0
  fi
  if ! pid_alive "$pid" || ! pid_matches "$pid" "$pattern"; then
    log "$name: not running (stale pid $pid)"
    rm -f "$file"
    return 0
  fi
  start="$(now_ms)"
  # Processes started by spawn() lead their own process group (pgid == pid): the SIGKILL
  # fallback and the clean-up of leftover children address that group, found by the same PID.
  local group=0 i
  [[ "$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ')" == "$pid" ]] && group=1
  log "$name: sending SIG$sig to pid $pid"
  kill "-$sig" "$pid" 2>/dev/null || true
  deadline=$(( start + timeout * 1000 ))
  while pid_alive "$pid"; do
    if (( $(now_ms) >= deadline )); then
      warn "$name: pid $pid still alive after ${timeout}s: sending SIGKILL"
      if [[ $group -eq 1 ]]; then kill -KILL -- "-$pid" 2>/dev/null || true; fi
      kill -KILL "$pid" 2>/dev/null || true
      for i in $(seq 1 40); do pid_alive "$pid" || break; sleep 0.25; done
      pid_alive "$pid" && die "$name: pid $pid survived SIGKILL"
      break
    fi
    sleep 0.2
  done
  if [[ $group -eq 1 ]]; then
    # e.g. Keycloak's kc.sh wrapper and its java child, nginx's workers.
    for _ in $(seq 1 40); do group_alive "$pid" || break; sleep 0.25; done
    if group_alive "$pid"; then
      warn "$name: processes of group $pid still alive after the main one exited: SIGKILL"
      kill -KILL -- "-$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$file"
  log "$name: stopped (pid $pid, $(( $(now_ms) - start )) ms)"
}

# status_line NAME PIDFILE PATTERN DETAIL: print "NAME: running (pid N) DETAIL" or "NAME: stopped";
# returns 0 when running, 3 when stopped (like LSB init scripts).
status_line() {
  local name="$1" file="$2" pattern="$3" detail="${4:-}" pid
  if pid="$(running_pid "$file" "$pattern")"; then
    printf '%s: running (pid %s) %s\n' "$name" "$pid" "$detail"
    return 0
  fi
  printf '%s: stopped\n' "$name"
  return 3
}

# http_code URL: print the HTTP status code of a GET (000 when nothing answers).
http_code() {
  curl -s -o /dev/null -m 5 -w '%{http_code}' "$1" 2>/dev/null || true
}

# http_ok URL: true when GET URL answers 200.
http_ok() {
  [[ "$(http_code "$1")" == "200" ]]
}

# ensure_java: a JDK 17+ `java` on the PATH (JAVA_HOME wins when set).
java_bin() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    printf '%s\n' "$JAVA_HOME/bin/java"
  else
    ensure_cmd java openjdk-17-jdk-headless
    command -v java
  fi
}

# ensure_mvn: Maven on the PATH, else the repository's wrapper.
mvn_bin() {
  if command -v mvn >/dev/null 2>&1; then
    command -v mvn
  elif [[ -x "$REPO_ROOT/mvnw" ]]; then
    printf '%s\n' "$REPO_ROOT/mvnw"
  else
    ensure_cmd mvn maven
    command -v mvn
  fi
}

# fmt_ms MS: "1.23 s"
fmt_ms() {
  local ms="$1"
  printf '%d.%02d s' $(( ms / 1000 )) $(( (ms % 1000) / 10 ))
}
