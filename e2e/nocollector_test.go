package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/otelagent/otelagent-go/internal/otlptest"
)

// deadCollectorBudget is how much longer the demo may take when no
// collector listens than with telemetry off: bounded exports and a circuit
// breaker make it a fraction of this, and an exporter that retried (5 s
// backoff) or waited out its default timeout (10 s) would exceed it. It is
// measured against a run with telemetry off, in the same place and at the
// same time, so that a busy machine slows both.
const deadCollectorBudget = 3 * time.Second

// TestDemoWithoutCollector runs the demo against a closed port: it answers,
// exits 0 quickly and says in exactly one line that telemetry could not be
// delivered, without leaking a canary there or into what it keeps for the
// next run.
func TestDemoWithoutCollector(t *testing.T) {
	t.Parallel()
	c := newCanaries(t)
	env := newDemoEnv(t, c, "http://"+closedAddr(t))
	off := &demoEnv{home: t.TempDir(), tmp: t.TempDir(), vars: map[string]string{}}
	for k, v := range env.vars {
		off.vars[k] = v
	}
	off.vars["HOME"], off.vars["TMPDIR"], off.vars["TELEMETRY_ENABLED"] = off.home, off.tmp, "false"
	for _, k := range []string{"XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"} {
		delete(off.vars, k) // the run with telemetry off writes nothing, anywhere
	}

	// Twice: the first run shows the notice, the second must not, and each
	// reports the undelivered telemetry once.
	for run := 1; run <= 2; run++ {
		base := runDemo(t, off, "run", "--agent", agentName, "--model", modelName, c.prompt)
		r := runDemo(t, env, "run", "--agent", agentName, "--model", modelName, c.prompt)
		assertAnswered(t, r, c)
		if extra := r.elapsed - base.elapsed; extra > deadCollectorBudget {
			t.Errorf("run %d took %v with no collector, %v more than with telemetry off; want under %v more", run, r.elapsed, extra, deadCollectorBudget)
		}
		c.assertAbsent(t, fmt.Sprintf("stderr of run %d", run), r.stderr)
		var undelivered []string
		for _, line := range strings.Split(r.stderr, "\n") {
			if strings.Contains(line, "could not be delivered") {
				undelivered = append(undelivered, line)
			}
		}
		if len(undelivered) != 1 {
			t.Errorf("run %d: %d lines about undelivered telemetry on stderr, want 1:\n%s", run, len(undelivered), r.stderr)
		}
		if notice := strings.Contains(r.stderr, "This notice is shown once"); notice != (run == 1) {
			t.Errorf("run %d: notice shown = %v, want %v:\n%s", run, notice, run == 1, r.stderr)
		}
		if run == 2 {
			if lines := strings.Count(strings.TrimSpace(r.stderr), "\n") + 1; lines != 1 {
				t.Errorf("run 2 printed %d lines on stderr, want only the undelivered line:\n%s", lines, r.stderr)
			}
		}
	}
	c.assertAbsent(t, "the demo's HOME (notice marker, spool)", readTree(t, env.home))
}

// closedAddr returns a 127.0.0.1 address nothing listens on: a port that
// was free a moment ago.
func closedAddr(t *testing.T) string {
	t.Helper()
	addr, err := otlptest.FreeAddr()
	if err != nil {
		t.Fatal(err)
	}
	return addr
}
