package main

import (
	"strings"
	"testing"
	"time"

	"github.com/otelagent/otelagent-go/internal/otlptest"
)

// A collector that hangs, fails, throttles or crawls costs the demo a few
// seconds at most (the per-export deadline, then the circuit breaker), and
// the user reads one line about it, never a stack of errors.
func TestBinaryUnhealthyCollector(t *testing.T) {
	healthy := newCollector(t)
	base := newSandbox(t, "OTEL_EXPORTER_OTLP_ENDPOINT="+healthy.url).run(t, "run", "fix the bug")
	if base.code != exitOK {
		t.Fatalf("healthy run: exit %d\n%s", base.code, base.stderr)
	}

	tests := []struct {
		name    string
		degrade func(*otlptest.Server)
	}{
		{"hanging", func(s *otlptest.Server) { s.SetHang(true) }},
		{"503", func(s *otlptest.Server) { s.SetStatus(503, "") }},
		{"429 with Retry-After", func(s *otlptest.Server) { s.SetStatus(429, "30") }},
		{"slow 3s", func(s *otlptest.Server) { s.SetLatency(3 * time.Second) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCollector(t)
			tt.degrade(c.Server)
			r := newSandbox(t, "OTEL_EXPORTER_OTLP_ENDPOINT="+c.url).run(t, "run", "fix the bug")
			if r.code != exitOK || !strings.Contains(r.stdout, "I looked into") {
				t.Fatalf("exit %d, stdout %q\n%s", r.code, r.stdout, r.stderr)
			}
			// One export deadline (1 s) opens the breaker; the final metric
			// export gets one more: about 2 s over a healthy run. The bound
			// leaves room for a loaded machine and still fails a run that
			// waits out the OTLP exporters' default 10 s timeout, a 30 s
			// Retry-After, or one deadline per span.
			if extra := r.elapsed - base.elapsed; extra > 8*time.Second {
				t.Errorf("run took %v, %v more than a healthy run", r.elapsed, extra)
			}
			t.Logf("run took %v (healthy %v)", r.elapsed.Round(time.Millisecond), base.elapsed.Round(time.Millisecond))
			var diag []string
			for _, line := range strings.Split(r.stderr, "\n") {
				if strings.HasPrefix(line, "otelagent:") {
					diag = append(diag, line)
				}
			}
			if len(diag) != 1 || !strings.Contains(diag[0], undelivered) {
				t.Errorf("want one line about undelivered telemetry, got:\n%s", strings.Join(diag, "\n"))
			}
		})
	}
}

// Spans a run could not deliver wait in the spool under the user's cache
// directory, and the next run delivers them, each exactly once.
func TestBinaryCollectorBackNextRun(t *testing.T) {
	addr, err := otlptest.FreeAddr()
	if err != nil {
		t.Fatal(err)
	}
	s := newSandbox(t, "OTEL_EXPORTER_OTLP_ENDPOINT=http://"+addr, patientExport)
	if r := s.run(t, "run", "fix the bug"); r.code != exitOK || !strings.Contains(r.stderr, "for the next run") {
		t.Fatalf("run without collector: exit %d, stderr:\n%s", r.code, r.stderr)
	}

	srv, err := otlptest.NewServerAt(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	r := s.run(t, "run", "fix the bug")
	if r.code != exitOK || strings.Contains(r.stderr, undelivered) {
		t.Fatalf("run with the collector back: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	// Each run ends 12 spans.
	if got, dup := srv.UniqueSpans(), srv.Duplicates(); got != 24 || dup != 0 {
		t.Errorf("collector got %d distinct spans (%d duplicates), want both runs' 24 exactly once", got, dup)
	}
}
