#!/bin/bash
# Writes the image's class-data sharing archive: starts the runtime with the image's flags (jvm.options),
# waits until /health answers, stops it with SIGTERM; the JVM writes the classes it loaded to ARCHIVE at
# exit, and the image maps them at every start instead of loading them from the jar again.
# Usage: train-class-data.sh JVM_OPTIONS JAR ARCHIVE [JAVA]
set -euo pipefail
options=$1 jar=$2 archive=$3 java=${4:-java}
health_port=18080
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/runtime.toml" <<TOML
[otlp]
endpoint = "http://127.0.0.1:14317"

[receiver]
host = "127.0.0.1"
grpc_port = 14318
http_port = 14319

[monitoring]
metrics_port = 19090
health_check_port = $health_port

[queue]
shutdown_delay = "0s"
TOML
# A pod's heap, not the build machine's: above 32 GB the JVM drops compressed oops and picks another base
# archive, and an archive trained on that one is ignored by every pod.
"$java" "@$options" -XX:MaxRAM=1g -XX:ArchiveClassesAtExit="$archive" -jar "$jar" --config "$work/runtime.toml" > "$work/runtime.log" 2>&1 &
pid=$!
for _ in $(seq 600); do
    if ! kill -0 "$pid" 2>/dev/null; then
        cat "$work/runtime.log" >&2
        exit 1
    fi
    status=$( (exec 3<>"/dev/tcp/127.0.0.1/$health_port" && printf 'GET /health HTTP/1.0\r\n\r\n' >&3 \
        && head -c 12 <&3) 2>/dev/null | cut -d' ' -f2 || true)
    [ "$status" = 200 ] && break
    sleep 0.1
done
kill -TERM "$pid"
wait "$pid"
test -s "$archive"
