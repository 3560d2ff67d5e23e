package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/otelagent/otelagent-go/internal/otlptest"
)

// deadCollectorBudget is how long the demo may take when no collector
// listens: bounded exports and a circuit breaker make it a fraction of this.
const deadCollectorBudget = 3 * time.Second

// TestDemoWithoutCollector runs the demo against a closed port: it answers,
// exits 0 quickly and says in exactly one line that telemetry could not be
// delivered, without leaking a canary there or into what it keeps for the
// next run.
func TestDemoWithoutCollector(t *testing.T) {
	t.Parallel()
	c := newCanaries(t)
	env := newDemoEnv(t, c, "http://"+closedAddr(t))

	// Twice: the first run shows the notice, the second must not, and each
	// reports the undelivered telemetry once.
	for run := 1; run <= 2; run++ {
		r := runDemo(t, env, "run", "--agent", agentName, "--model", modelName, c.prompt)
		assertAnswered(t, r, c)
		if r.elapsed > deadCollectorBudget {
			t.Errorf("run %d took %v with no collector, want under %v", run, r.elapsed, deadCollectorBudget)
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
