#!/usr/bin/env bash
# Single-node Apache Kafka (KRaft, combined broker+controller) on 127.0.0.1,
# run straight from Maven Central jars: no Docker, no Kafka tarball download.
#   scripts/kafka.sh provision|start|wait|stop|status|clean
# Environment: see scripts/README.md. Messages go to stderr as "kafka.sh: ...";
# only `status` prints to stdout.
set -euo pipefail

KAFKA_VERSION=3.9.1   # keep in step with scripts/kafka/pom.xml
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)

KAFKA_HOME=${TINHUY_KAFKA_HOME:-$REPO_ROOT/.cache/kafka}
LIBS=$KAFKA_HOME/libs
STAMP=$LIBS/.complete-$KAFKA_VERSION
DATA=${TINHUY_KAFKA_DATA:-$KAFKA_HOME/data}
PORT=${TINHUY_KAFKA_PORT:-9092}
CPORT=${TINHUY_KAFKA_CONTROLLER_PORT:-$((PORT + 1))}
HEAP=${TINHUY_KAFKA_HEAP:--Xmx512m -Xms256m}
TIMEOUT=${TINHUY_KAFKA_START_TIMEOUT:-90}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

# Paths derive from DATA, made absolute (it goes into log.dirs, -D flags and the
# cmdline match in running_pid) once the directory exists.
set_paths() {
  if [[ -d $DATA ]]; then DATA=$(cd "$DATA" && pwd); fi
  PIDFILE=$DATA/kafka.pid OUT=$DATA/kafka.out CONF=$DATA/server.properties
}
set_paths

log() { echo "kafka.sh: $*" >&2; }
die() { log "$*"; exit 1; }

provision() {
  [[ -f $STAMP ]] && return 0
  mkdir -p "$KAFKA_HOME"
  # Parallel test sessions may provision at once: serialise on a lock file.
  exec 9>"$KAFKA_HOME/.provision.lock"
  flock 9
  if [[ ! -f $STAMP ]]; then
    log "provisioning Kafka $KAFKA_VERSION jars into $LIBS (Maven Central)"
    rm -rf "$LIBS"   # drop jars of another version or a half-finished copy
    local out   # mvn -q still emits colour resets: show its output only on failure
    out=$(mvn -q -B -f "$SCRIPT_DIR/kafka/pom.xml" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$LIBS" 2>&1) \
      || { printf '%s\n' "$out" >&2; die "mvn dependency:copy-dependencies failed"; }
    touch "$STAMP"
  fi
  exec 9>&-
}

# A pid counts as ours only if it is alive AND is a java started with this data
# dir's server.properties (guards against a stale pid file and pid reuse).
running_pid() {
  [[ -f $PIDFILE ]] || return 1
  local pid; pid=$(<"$PIDFILE")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$CONF" || return 1
  echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

write_config() {
  mkdir -p "$DATA/logs" "$DATA/logs-app"
  cat >"$CONF" <<EOF
# Written by scripts/kafka.sh on each start; edits are overwritten.
node.id=1
process.roles=broker,controller
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CPORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
controller.quorum.voters=1@127.0.0.1:$CPORT
log.dirs=$DATA/logs
# single node: every internal topic and ISR must be satisfiable by one broker
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
min.insync.replicas=1
default.replication.factor=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
num.partitions=1
message.max.bytes=10485760
replica.fetch.max.bytes=10485760
EOF
  # Broker log: everything to stdout (-> kafka.out). INFO keeps the lifecycle
  # lines (incl. "Kafka Server started", which `wait` looks for); the per-partition
  # and config-dump chatter is cut to WARN.
  cat >"$DATA/log4j.properties" <<'EOF'
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.org.apache.kafka.common.config.AbstractConfig=WARN
log4j.logger.org.apache.kafka.common.utils.AppInfoParser=WARN
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.log=WARN
log4j.logger.org.apache.kafka.storage.internals.log=WARN
log4j.logger.kafka.cluster.Partition=WARN
log4j.logger.kafka.server.ReplicaFetcherManager=WARN
log4j.logger.kafka.server.ReplicaAlterLogDirsManager=WARN
log4j.logger.kafka.coordinator=WARN
log4j.logger.org.apache.kafka.coordinator=WARN
EOF
  # StorageTool: only warnings, to stderr.
  cat >"$DATA/tools-log4j.properties" <<'EOF'
log4j.rootLogger=WARN, stderr
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.Target=System.err
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=%p %m (%c)%n
EOF
}

storage_tool() {
  "$JAVA" -Xmx256m -Dlog4j.configuration="file:$DATA/tools-log4j.properties" \
    -cp "$LIBS/*" kafka.tools.StorageTool "$@"
}

format_storage() {
  # The cluster id is kept beside the data so a reformat attempt after a
  # restart matches; --ignore-formatted makes an already formatted dir a no-op.
  [[ -s $DATA/cluster.id ]] || storage_tool random-uuid >"$DATA/cluster.id"
  storage_tool format -t "$(<"$DATA/cluster.id")" -c "$CONF" --ignore-formatted 2>&1 \
    | sed 's/^/kafka.sh: /' >&2
}

start() {
  provision
  mkdir -p "$DATA"
  set_paths
  local pid
  if pid=$(running_pid); then
    log "already running (pid $pid, data $DATA)"; return 0
  fi
  port_open "$PORT" && die "127.0.0.1:$PORT is already in use by another process"
  port_open "$CPORT" && die "127.0.0.1:$CPORT (controller) is already in use by another process"
  write_config
  format_storage
  # Fresh out file each start, so `wait` cannot match a previous run's line.
  [[ -f $OUT ]] && mv -f "$OUT" "$OUT.prev"
  rm -f "$PIDFILE"
  log "starting broker on 127.0.0.1:$PORT (controller $CPORT, data $DATA)"
  # setsid: own session, so the broker outlives this script and its terminal.
  # The inner sh writes its own pid then execs java, so the pid file is java's
  # even if setsid had to fork.
  # shellcheck disable=SC2086  # HEAP is a list of JVM flags
  setsid sh -c 'echo $$ >"$0"; exec "$@"' "$PIDFILE" \
    "$JAVA" $HEAP -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$DATA/log4j.properties" \
    -Dkafka.logs.dir="$DATA/logs-app" \
    -cp "$LIBS/*" kafka.Kafka "$CONF" \
    </dev/null >"$OUT" 2>&1 &
  # Don't leave a half-started broker behind for the caller to trip over.
  wait_ready || { log "stopping the broker that did not become ready"; stop; exit 1; }
}

wait_ready() {
  local deadline=$((SECONDS + TIMEOUT)) pid_deadline=$((SECONDS + 5)) pid=""
  while ((SECONDS < deadline)); do
    # the pid file may lag the fork by a moment; none at all means not started
    if [[ -z $pid && -s $PIDFILE ]]; then pid=$(<"$PIDFILE"); fi
    if [[ -z $pid ]] && ((SECONDS >= pid_deadline)); then
      log "no $PIDFILE: broker not started"; return 1
    fi
    if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then
      log "broker process $pid died; last lines of $OUT:"
      tail -n 40 "$OUT" >&2 || true
      return 1
    fi
    if [[ -n $pid ]] && grep -q "Kafka Server started" "$OUT" 2>/dev/null && port_open "$PORT"; then
      log "ready on 127.0.0.1:$PORT (pid $pid)"; return 0
    fi
    sleep 0.5
  done
  log "not ready after ${TIMEOUT}s; last lines of $OUT:"
  tail -n 40 "$OUT" >&2 || true
  return 1
}

stop() {
  local pid
  if ! pid=$(running_pid); then rm -f "$PIDFILE"; log "not running"; return 0; fi
  log "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  # SIGTERM triggers the broker's controlled shutdown; give it 30 s.
  local i
  for ((i = 0; i < 60; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "still alive after 30s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$PIDFILE"
  log "stopped"
}

status() {
  local pid
  if pid=$(running_pid); then echo "running (pid $pid, data $DATA)"; return 0; fi
  echo "stopped"; return 1
}

clean() {
  stop
  [[ -n $DATA && $DATA != / && $DATA != "$HOME" ]] || die "refusing to delete '$DATA'"
  rm -rf -- "$DATA"
  log "removed $DATA"
}

case ${1:-} in
  provision) provision ;;
  start) start ;;
  wait) wait_ready || exit 1 ;;
  stop) stop ;;
  status) status ;;
  clean) clean ;;
  *) log "usage: $0 provision|start|wait|stop|status|clean"; exit 2 ;;
esac
