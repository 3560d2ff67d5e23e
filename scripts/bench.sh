#!/usr/bin/env bash
# Runs the benchmark suite of BENCHMARKS.md and summarizes it with benchstat.
#
#   scripts/bench.sh                 # -count 8, -benchtime 1s, into $OUT
#   COUNT=10 BENCH='ToolCall' scripts/bench.sh
#
# Every benchmark runs next to its reference in the same process, and the
# suite runs COUNT rounds, so a library case and its reference alternate and
# share the machine's state. Needs benchstat:
#   go install golang.org/x/perf/cmd/benchstat@latest
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=${COUNT:-8}
BENCHTIME=${BENCHTIME:-1s}
BENCH=${BENCH:-.}
OUT=${OUT:-${TMPDIR:-/tmp}/otelagent-bench}
BENCHSTAT=${BENCHSTAT:-$(command -v benchstat || echo "$(go env GOPATH)/bin/benchstat")}
PKGS=(./otelagent ./exporters)

if [ ! -x "$BENCHSTAT" ]; then
	echo "benchstat not found; install it: go install golang.org/x/perf/cmd/benchstat@latest" >&2
	exit 1
fi
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd) # the test binaries run in their package directories

{
	echo "## machine"
	go version
	echo "nproc: $(nproc)"
	lscpu | grep -E '^(Model name|CPU\(s\)|Thread|Core|Socket|Hypervisor)' || true
	echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$OUT/machine.txt"

# go test -count repeats each sub-benchmark back to back; running the whole
# suite COUNT times instead interleaves every case with its reference, so
# drift in the machine's load hits both alike.
for pkg in "${PKGS[@]}"; do
	go test -c -o "$OUT/$(basename "$pkg").test" "$pkg"
done
: >"$OUT/raw.txt"
for i in $(seq "$COUNT"); do
	echo "round $i/$COUNT, load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/machine.txt" >&2
	for pkg in "${PKGS[@]}"; do
		bin="$OUT/$(basename "$pkg").test"
		(cd "$pkg" && "$bin" -test.run '^$' -test.bench "$BENCH" -test.benchtime "$BENCHTIME" -test.count 1) |
			tee -a "$OUT/raw.txt"
	done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.txt"

# benchstat compares the values of a key=value part of a benchmark's name.
# The older benchmarks name their variants by position; give them keys.
awk '
/^Benchmark/ {
	name = $1; suffix = ""
	if (match(name, /-[0-9]+$/)) { suffix = substr(name, RSTART); name = substr(name, 1, RSTART - 1) }
	n = split(name, p, "/")
	top = p[1]
	if (top ~ /^Benchmark(ToolCall|RecordToolCall|Session|Chat|RecordTokenUsage|Command|TrackCommand|MCP)$/ && n == 2) {
		name = top "/impl=" p[2]
	} else if (top == "BenchmarkOff" && n == 2) {
		name = top "/mode=noop/call=" p[2]
	} else if (top == "BenchmarkOnEnd" && n == 3) {
		name = top "/exporter=" p[3] "/proc=" p[2]
	} else if (top == "BenchmarkParallelOTLP2ms" && n == 2) {
		name = top "/proc=" p[2]
	} else if (top == "BenchmarkParallel2ms" && n == 3) {
		name = top "/" p[2] "/proc=" p[3]
	} else if (top == "BenchmarkFilterSpans" && n == 3) {
		name = top "/exporter=" p[2] "/filter=" (p[3] == "filtered" ? "on" : "off")
	}
	$1 = name suffix
}
{ print }
' "$OUT/raw.txt" >"$OUT/keyed.txt"

stat() { # title, benchstat args...
	local title=$1
	shift
	printf '\n### %s\n\n' "$title"
	"$BENCHSTAT" "$@" "$OUT/keyed.txt"
}
{
	cat "$OUT/machine.txt"
	stat "API calls: otelagent against hand-written SDK code at its best (base: best)" \
		-filter '.name:(ToolCall OR RecordToolCall OR Session OR Chat OR RecordTokenUsage OR Command OR TrackCommand OR MCP)' \
		-col '/impl@(best otelagent)'
	stat "API calls: otelagent against raw SDK code, attributes built per call (base: raw)" \
		-filter '.name:(ToolCall OR RecordToolCall OR Session OR Chat OR RecordTokenUsage OR Command OR MCP)' \
		-col '/impl@(raw otelagent)'
	stat "Telemetry off: no-op providers, global providers unset, nil *Telemetry" \
		-filter '.name:(Off OR Disabled)' -row '/call' -col '/mode@(noop global nil)' -ignore .name
	stat "Span processor: SDK SimpleSpanProcessor against SyncSpanProcessor (base: simple)" \
		-filter '.name:(OnEnd OR OTLPLocal OR ParallelOTLP2ms OR Parallel2ms)' -col '/proc@(simple sync batch)'
	stat "Span end while the circuit is open" \
		-filter '.name:(OnEndCircuitOpen OR OnEndCircuitOpenOTLP)'
	stat "Privacy filter on a typical span (base: no filter)" \
		-filter '.name:(FilterOTLP OR FilterSpans)' -col '/filter@(off on)'
	stat "Other benchmarks of these packages" \
		-filter '-.name:(ToolCall OR RecordToolCall OR Session OR Chat OR RecordTokenUsage OR Command OR TrackCommand OR MCP OR Off OR Disabled OR OnEnd OR OTLPLocal OR ParallelOTLP2ms OR Parallel2ms OR OnEndCircuitOpen OR OnEndCircuitOpenOTLP OR FilterOTLP OR FilterSpans)'
} | tee "$OUT/benchstat.txt"
echo
echo "raw results: $OUT/raw.txt; summary: $OUT/benchstat.txt"
