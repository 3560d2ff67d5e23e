package main

import (
	"context"
	"io"
	"os"
	"testing"
)

// BenchmarkDemoRun is a whole "demo run" in the process: start-up of
// telemetry, the run, and Shutdown with its flush, sending to the collector
// at $OTELAGENT_RUNCOST_ENDPOINT. scripts/runcost.sh (PROFILE=1) starts one
// and takes the CPU profile of this benchmark. Without it the benchmark is
// skipped.
func BenchmarkDemoRun(b *testing.B) {
	endpoint := os.Getenv("OTELAGENT_RUNCOST_ENDPOINT")
	if endpoint == "" {
		b.Skip("OTELAGENT_RUNCOST_ENDPOINT is not set (scripts/runcost.sh sets it to the collector it starts)")
	}
	home := b.TempDir()
	b.Setenv("HOME", home)
	b.Setenv("XDG_CONFIG_HOME", home+"/.config")
	b.Setenv("XDG_CACHE_HOME", home+"/.cache")
	b.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint)
	b.ReportAllocs()
	for b.Loop() {
		if code := cli(context.Background(), []string{"run", "read the readme"}, io.Discard, io.Discard); code != exitOK {
			b.Fatalf("demo run: exit status %d", code)
		}
	}
}
