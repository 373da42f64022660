#!/usr/bin/env bash
# A real Apache HBase on loopback for finkit's live tests and for laptops: a standalone HBase
# (HMaster with its region server and ZooKeeper in one JVM, file:// root dir) and HBase's own REST
# gateway (a second JVM), from the jars of the pinned scripts/hbase/pom.xml (Maven Central, cached
# in .cache/hbase). Needs Java 17 (or 11) and Maven 3.
#
#   bash scripts/hbase/hbase.sh fetch            download the jars once (also done by start)
#   bash scripts/hbase/hbase.sh start [--env]    start; prints the hbase:// URL (--env: shell exports)
#   bash scripts/hbase/hbase.sh stop [DIR|--all] stop the newest run still up (DIR: that run; --all: every run)
#   bash scripts/hbase/hbase.sh run CMD ARGS…    start, run CMD with HBASE_REST_URL set, stop
#   bash scripts/hbase/hbase.sh thrift [DIR]     also start the Thrift gateway (cross-check tools)
#
# Everything listens on 127.0.0.1 on free ports; data lives in a temporary run folder removed by
# stop. Environment: HBASE_START_TIMEOUT (seconds, default 420), HBASE_HEAP (default 768m).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CACHE="${FINKIT_HBASE_CACHE:-$ROOT/.cache/hbase}"
VERSION="$(sed -n 's:.*<hbase.version>\(.*\)</hbase.version>.*:\1:p' "$HERE/pom.xml")"
LIB="$CACHE/lib-$VERSION"
RUNS="$CACHE/runs" # the run folders started from this checkout, oldest first (for stop and thrift)
TIMEOUT="${HBASE_START_TIMEOUT:-420}"

say() { echo "[hbase] $*" >&2; }

# The newest run folder of $RUNS that still exists (empty if none).
latest_run() {
  local d latest=""
  while read -r d; do [ -d "$d" ] && latest="$d"; done < <(cat "$RUNS" 2>/dev/null || true)
  echo "$latest"
}

# Drop run folder $1 (and folders gone) from $RUNS.
forget_run() {
  [ -f "$RUNS" ] || return 0
  local d
  while read -r d; do
    if [ "$d" != "$1" ] && [ -d "$d" ]; then echo "$d"; fi
  done <"$RUNS" >"$RUNS.tmp"
  mv "$RUNS.tmp" "$RUNS"
}

fetch() {
  local want
  want="$(sed -n '/<dependencies>/,/<\/dependencies>/p' "$HERE/pom.xml" | cksum)"
  if [ -f "$LIB/.complete" ] && [ "$(cat "$LIB/.complete")" = "$want" ]; then return; fi
  command -v mvn >/dev/null || { say "Maven (mvn) is needed once to download HBase $VERSION"; exit 1; }
  say "downloading Apache HBase $VERSION and its dependencies from Maven Central into $CACHE (once)…"
  rm -rf "$LIB.partial"
  mvn -B -q -Dstyle.color=never -f "$HERE/pom.xml" -Dmaven.repo.local="$CACHE/m2" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$LIB.partial" 2>&1 |
    sed 's/\x1b\[[0-9;]*m//g' | { grep -v '^$' || true; } >&2
  rm -rf "$LIB" && mv "$LIB.partial" "$LIB" && echo "$want" >"$LIB/.complete"
  say "$(find "$LIB" -name '*.jar' | wc -l) jars in $LIB"
}

free_ports() { # N distinct ports the kernel hands out on 127.0.0.1, held open together while
  # chosen (one at a time, the kernel may hand the same port out twice); python3, else deno
  if command -v python3 >/dev/null; then
    python3 -c 'import socket, sys
ss = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in ss: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))' "$1"
  else
    deno eval "const ls = Array.from({ length: $1 }, () => Deno.listen({ hostname: '127.0.0.1', port: 0 }));
      console.log(ls.map((l) => l.addr.port).join(' ')); ls.forEach((l) => l.close());"
  fi
}

# The JDK 17 flags of HBase's own bin/hbase (hbase-surefire.jdk17.flags in HBase's root pom).
JDK_FLAGS=(
  -Dorg.apache.hbase.thirdparty.io.netty.tryReflectionSetAccessible=true
  --add-modules jdk.unsupported
  --add-opens java.base/java.io=ALL-UNNAMED
  --add-opens java.base/java.nio=ALL-UNNAMED
  --add-opens java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens java.base/java.lang=ALL-UNNAMED
  --add-opens java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens java.base/java.util=ALL-UNNAMED
  --add-opens java.base/java.util.concurrent=ALL-UNNAMED
  --add-exports java.base/jdk.internal.misc=ALL-UNNAMED
  --add-exports java.security.jgss/sun.security.krb5=ALL-UNNAMED
  --add-exports java.base/sun.net.dns=ALL-UNNAMED
  --add-exports java.base/sun.net.util=ALL-UNNAMED
)

write_site() { # $1 run folder, then name=value pairs
  local dir="$1"
  shift
  {
    echo '<?xml version="1.0"?>'
    echo '<configuration>'
    for kv in "$@"; do
      echo "  <property><name>${kv%%=*}</name><value>${kv#*=}</value></property>"
    done
    echo '</configuration>'
  } >"$dir/conf/hbase-site.xml"
  cat >"$dir/conf/log4j2.properties" <<EOF
status = warn
appender.file.type = File
appender.file.name = file
appender.file.fileName = \${sys:finkit.log}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{ISO8601} %-5p [%t] %c{2}: %m%n
rootLogger = INFO,file
EOF
  cat >"$dir/conf/log4j.properties" <<EOF
log4j.rootLogger=INFO,file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=\${finkit.log}
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=%d{ISO8601} %-5p [%t] %c{2}: %m%n
EOF
}

launch() { # $1 run folder, $2 name, $3 heap, then main class and arguments
  local dir="$1" name="$2" heap="$3"
  shift 3
  nohup java -Dproc_finkit_hbase_"$name" -Xmx"$heap" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -XX:OnOutOfMemoryError="kill -9 %p" "${JDK_FLAGS[@]}" \
    -Dfinkit.log="$dir/logs/$name.log" -Dlog4j.configuration="file:$dir/conf/log4j.properties" \
    -Dlog4j2.configurationFile="$dir/conf/log4j2.properties" -Djava.io.tmpdir="$dir/tmp" \
    -Dhbase.log.dir="$dir/logs" -cp "$dir/conf:$LIB/*" "$@" \
    >"$dir/logs/$name.out" 2>&1 </dev/null &
  echo $! >"$dir/$name.pid"
}

wait_http() { # $1 run folder, $2 url, $3 what, then the pid files of the JVMs that must live
  local dir="$1" url="$2" what="$3" t0=$SECONDS next=15 pidf
  shift 3
  while :; do
    if curl -sf -m 5 -H 'Accept: application/json' "$url" >/dev/null 2>&1; then
      say "$what is up after $((SECONDS - t0)) s"
      return 0
    fi
    for pidf in "$@"; do
      if ! kill -0 "$(cat "$pidf")" 2>/dev/null; then
        say "$(basename "$pidf" .pid) JVM exited while starting; last log lines:"
        tail -n 40 "$dir"/logs/*.out "$dir"/logs/*.log >&2 2>/dev/null || true
        return 1
      fi
    done
    if ((SECONDS - t0 >= TIMEOUT)); then
      say "$what did not answer $url within $TIMEOUT s; last log lines:"
      tail -n 40 "$dir"/logs/*.log >&2 2>/dev/null || true
      return 1
    fi
    if ((SECONDS - t0 >= next)); then
      say "waiting for $what… $((SECONDS - t0)) s (JVM start on a busy machine can take minutes)"
      next=$((next + 15))
    fi
    sleep 1
  done
}

start() {
  local env_out="${1:-}"
  fetch
  local dir running
  running="$(latest_run)"
  if [ -n "$running" ]; then
    say "note: an HBase started here is still up (run folder $running); this starts another." \
      "'stop' stops the newest, 'stop --all' every one"
  fi
  dir="$(mktemp -d "${TMPDIR:-/tmp}/finkit-hbase.XXXXXX")"
  mkdir -p "$dir/conf" "$dir/logs" "$dir/tmp"
  local zk rest master rs
  read -r zk rest master rs <<<"$(free_ports 4)"
  echo "$rest" >"$dir/rest.port"
  write_site "$dir" \
    hbase.cluster.distributed=false \
    "hbase.rootdir=file://$dir/root" \
    "hbase.tmp.dir=$dir/tmp" \
    "hbase.zookeeper.property.dataDir=$dir/zk" \
    hbase.zookeeper.quorum=127.0.0.1 \
    "hbase.zookeeper.property.clientPort=$zk" \
    hbase.zookeeper.property.clientPortAddress=127.0.0.1 \
    hbase.unsafe.stream.capability.enforce=false \
    "hbase.master.port=$master" \
    "hbase.regionserver.port=$rs" \
    hbase.master.ipc.address=127.0.0.1 \
    hbase.regionserver.ipc.address=127.0.0.1 \
    hbase.master.hostname=localhost \
    hbase.unsafe.regionserver.hostname=localhost \
    hbase.master.info.port=-1 \
    hbase.regionserver.info.port=-1 \
    hbase.rest.host=127.0.0.1 \
    "hbase.rest.port=$rest" \
    hbase.rest.info.port=-1 \
    hbase.regionserver.thrift.ipaddress=127.0.0.1 \
    hbase.thrift.info.port=-1 \
    hbase.regionserver.handler.count=10 \
    hbase.master.handler.count=10
  mkdir -p "$CACHE" && echo "$dir" >>"$RUNS"
  say "starting HBase $VERSION (run folder $dir, ZooKeeper 127.0.0.1:$zk)…"
  launch "$dir" master "${HBASE_HEAP:-768m}" org.apache.hadoop.hbase.master.HMaster start
  launch "$dir" rest 256m org.apache.hadoop.hbase.rest.RESTServer start
  if ! wait_http "$dir" "http://127.0.0.1:$rest/version/cluster" "HBase + REST" "$dir/master.pid" "$dir/rest.pid"; then
    stop "$dir"
    exit 1
  fi
  # The REST gateway answers before the master has assigned hbase:meta: wait for the namespaces.
  if ! wait_http "$dir" "http://127.0.0.1:$rest/namespaces" "HBase meta" "$dir/master.pid" "$dir/rest.pid"; then
    stop "$dir"
    exit 1
  fi
  if [ "$env_out" = "--env" ]; then
    echo "export HBASE_REST_URL=hbase://127.0.0.1:$rest"
    echo "export FINKIT_HBASE_RUN=$dir"
  else
    echo "hbase://127.0.0.1:$rest"
  fi
}

thrift() {
  local dir="${1:-$(latest_run)}"
  [ -n "$dir" ] && [ -d "$dir" ] || { say "no running HBase (start it first)"; exit 1; }
  if [ -f "$dir/thrift.pid" ] && kill -0 "$(cat "$dir/thrift.pid")" 2>/dev/null; then
    cat "$dir/thrift.port" # already running
    return
  fi
  local port
  port="$(free_ports 1)"
  echo "$port" >"$dir/thrift.port"
  launch "$dir" thrift 256m org.apache.hadoop.hbase.thrift.ThriftServer -b 127.0.0.1 -p "$port" start
  local t0=$SECONDS
  until (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    kill -0 "$(cat "$dir/thrift.pid")" 2>/dev/null || { tail -n 30 "$dir/logs/thrift.out" >&2; exit 1; }
    ((SECONDS - t0 < TIMEOUT)) || { say "Thrift did not listen within $TIMEOUT s"; exit 1; }
    sleep 1
  done
  say "Thrift gateway up after $((SECONDS - t0)) s"
  echo "$port"
}

stop_pid() { # $1 pid file, $2 name
  [ -f "$1" ] || return 0
  local pid
  pid="$(cat "$1")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then
      say "$2 (pid $pid) still running after 30 s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$1"
}

stop() {
  if [ "${1:-}" = "--all" ]; then
    local d any=""
    while [ -n "$(latest_run)" ]; do
      d="$(latest_run)"
      stop "$d"
      any=1
    done
    [ -n "$any" ] || say "nothing to stop"
    return 0
  fi
  local dir="${1:-${FINKIT_HBASE_RUN:-$(latest_run)}}"
  if [ -z "$dir" ] || [ ! -d "$dir" ]; then say "nothing to stop"; return 0; fi
  case "$dir" in */finkit-hbase.*) ;; *) say "refusing to remove '$dir'"; return 1 ;; esac
  stop_pid "$dir/thrift.pid" "Thrift"
  stop_pid "$dir/rest.pid" "REST"
  stop_pid "$dir/master.pid" "HBase"
  rm -rf "$dir"
  forget_run "$dir"
  say "stopped; $dir removed"
}

run() {
  local exports
  exports="$(start --env)"
  eval "$exports"
  trap 'stop "$FINKIT_HBASE_RUN"' EXIT
  say "HBASE_REST_URL=$HBASE_REST_URL"
  "$@"
}

case "${1:-}" in
fetch) fetch ;;
start) start "${2:-}" ;;
stop) stop "${2:-}" ;;
thrift) thrift "${2:-}" ;;
run)
  shift
  run "$@"
  ;;
*)
  sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
  ;;
esac
