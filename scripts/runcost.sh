#!/usr/bin/env bash
# What telemetry costs a whole run of the demo (cmd/demo): wall time and
# peak RSS of `demo run`, sending to a healthy local OpenTelemetry Collector
# (the real one, collector-config.yaml), against the same demo built with
# -tags notelemetry (no setup, SDK or exporter linked; no-op providers), and
# with the opt-out (TELEMETRY_ENABLED=false). The variants alternate in every
# round; the summary gives medians. Also the binaries' sizes and, with
# PROFILE=1, a CPU profile of in-process runs (start-up, the run, Shutdown).
#
#   OTELAGENT_OTELCOL=/work/bin/otelcol scripts/runcost.sh   # RUNS=21 by default
#
# Needs /usr/bin/time (GNU time) for the peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-21}
OUT=${OUT:-${TMPDIR:-/tmp}/otelagent-runcost}
OTELCOL=${OTELAGENT_OTELCOL:?set OTELAGENT_OTELCOL to a collector built from tools/otelcol}
PORT=${PORT:-$((20000 + RANDOM % 20000))}
PROMPT="read the readme"

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
go build -o "$OUT/demo" ./cmd/demo
go build -tags notelemetry -o "$OUT/demo-notelemetry" ./cmd/demo

# The collector, on loopback, writing what it receives to $OUT/collector.
mkdir -p "$OUT/collector"
OTELAGENT_COLLECTOR_HTTP_ENDPOINT=127.0.0.1:$PORT \
	OTELAGENT_COLLECTOR_GRPC_ENDPOINT=127.0.0.1:$((PORT + 1)) \
	OTELAGENT_COLLECTOR_OUTPUT_DIR="$OUT/collector" \
	"$OTELCOL" --config=collector-config.yaml >"$OUT/collector.log" 2>&1 &
collector=$!
trap 'kill $collector 2>/dev/null; wait $collector 2>/dev/null || true' EXIT
for _ in $(seq 100); do
	if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then break; fi
	sleep 0.1
done
(exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || { echo "collector did not start; see $OUT/collector.log" >&2; exit 1; }

# A home of its own: the first-run notice and the spool live there. Go's
# caches stay where they are (the profile below builds a test binary).
GOMODCACHE=$(go env GOMODCACHE) GOCACHE=$(go env GOCACHE)
export GOMODCACHE GOCACHE
export HOME="$OUT/home" XDG_CONFIG_HOME="$OUT/home/.config" XDG_CACHE_HOME="$OUT/home/.cache"
mkdir -p "$HOME"
export OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$PORT

run() { # variant: prints "variant wall_ms rss_kib"
	local variant=$1 bin="$OUT/demo" env=()
	case $variant in
	notelemetry) bin="$OUT/demo-notelemetry" ;;
	optout) env=(TELEMETRY_ENABLED=false) ;;
	esac
	local t0 t1
	t0=$(date +%s%N)
	env "${env[@]}" /usr/bin/time -f '%M' -o "$OUT/rss" "$bin" run "$PROMPT" >/dev/null 2>>"$OUT/stderr.log"
	t1=$(date +%s%N)
	echo "$variant $(((t1 - t0) / 1000)) $(cat "$OUT/rss")"
}

run collector >/dev/null # the first run shows the notice and warms the caches
: >"$OUT/runs.txt"
for i in $(seq "$RUNS"); do
	# Rotate the order so no variant always runs first.
	case $((i % 3)) in
	0) order="notelemetry collector optout" ;;
	1) order="collector optout notelemetry" ;;
	2) order="optout notelemetry collector" ;;
	esac
	for v in $order; do run "$v" >>"$OUT/runs.txt"; done
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
{
	echo "## demo run, $RUNS alternating runs each; load $(cut -d' ' -f1-3 /proc/loadavg)"
	printf '%-12s %12s %14s\n' variant "wall (ms)" "peak RSS (MiB)"
	for v in notelemetry optout collector; do
		w=$(awk -v v=$v '$1==v {print $2}' "$OUT/runs.txt" | median)
		r=$(awk -v v=$v '$1==v {print $3}' "$OUT/runs.txt" | median)
		printf '%-12s %12.2f %14.2f\n' "$v" "$(echo "$w / 1000" | bc -l)" "$(echo "$r / 1024" | bc -l)"
	done
	echo
	echo "## binary size"
	printf '%-12s %10d bytes\n' demo "$(stat -c %s "$OUT/demo")" notelemetry "$(stat -c %s "$OUT/demo-notelemetry")"
	echo
	echo "spans received by the collector: $(cat "$OUT/collector"/traces.jsonl 2>/dev/null | grep -o '"spanId"' | wc -l)"
} | tee "$OUT/summary.txt"

if [ "${PROFILE:-0}" = 1 ]; then
	OTELAGENT_RUNCOST_ENDPOINT=$OTEL_EXPORTER_OTLP_ENDPOINT go test -run '^$' -bench BenchmarkDemoRun \
		-benchtime "${PROFILE_RUNS:-200}x" -cpuprofile "$OUT/run.cpu" -o "$OUT/demo.test" ./cmd/demo | tee -a "$OUT/summary.txt"
	go tool pprof -top -cum "$OUT/demo.test" "$OUT/run.cpu" 2>/dev/null | head -45 >"$OUT/profile.txt"
	echo "CPU profile: $OUT/run.cpu, top: $OUT/profile.txt"
fi
echo "runs: $OUT/runs.txt; summary: $OUT/summary.txt"
