package exporters

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestCircuit(t *testing.T) {
	now := time.Unix(1000, 0)
	c := newCircuit(3, time.Second, 4*time.Second)

	for i := range 2 {
		if w := c.failure(now, 0, false); w != 0 {
			t.Fatalf("failure %d opened the circuit (window %v) below the threshold", i+1, w)
		}
	}
	if ok, _ := c.allow(now); !ok {
		t.Fatal("closed circuit refused an export")
	}
	if w := c.failure(now, 0, false); w != time.Second {
		t.Fatalf("third failure: window %v, want 1s", w)
	}
	if ok, _ := c.allow(now.Add(999 * time.Millisecond)); ok {
		t.Fatal("open circuit allowed an export inside its window")
	}

	// After the window, exactly one caller probes.
	now = now.Add(time.Second)
	ok, probe := c.allow(now)
	if !ok || !probe {
		t.Fatalf("allow after the window = %v, %v; want the probe", ok, probe)
	}
	if ok, _ := c.allow(now); ok {
		t.Fatal("a second export got through while the probe is in flight")
	}
	// A failed probe doubles the window, up to the cap.
	for _, want := range []time.Duration{2 * time.Second, 4 * time.Second, 4 * time.Second} {
		if w := c.failure(now, 0, false); w != want {
			t.Fatalf("probe failure: window %v, want %v", w, want)
		}
		now = now.Add(want)
		if ok, probe := c.allow(now); !ok || !probe {
			t.Fatal("no probe after the window")
		}
	}
	if recovered, reclosed := c.success(); !recovered || !reclosed {
		t.Fatal("a successful probe did not report the circuit closing")
	}
	if st, _ := c.snapshot(); st != CircuitClosed {
		t.Fatalf("state = %s, want closed", st)
	}
	if recovered, reclosed := c.success(); recovered || reclosed {
		t.Error("success on a closed circuit reported a change")
	}
	// A success after failures below the threshold recovers without
	// reclosing.
	c.failure(now, 0, false)
	if recovered, reclosed := c.success(); !recovered || reclosed {
		t.Errorf("success after one failure = %v, %v; want recovered only", recovered, reclosed)
	}
	// Backoff restarts from the minimum after closing.
	c.failure(now, 0, false)
	c.failure(now, 0, false)
	if w := c.failure(now, 0, false); w != time.Second {
		t.Errorf("window after reclosing = %v, want 1s", w)
	}
}

func TestCircuitRetryAfter(t *testing.T) {
	now := time.Unix(1000, 0)
	c := newCircuit(3, time.Second, time.Minute)
	// The collector asked for a pause: open at once, for as long as asked.
	if w := c.failure(now, 30*time.Second, false); w != 30*time.Second {
		t.Fatalf("window = %v, want the 30s Retry-After", w)
	}
	if st, until := c.snapshot(); st != CircuitOpen || !until.Equal(now.Add(30*time.Second)) {
		t.Errorf("snapshot = %s until %v", st, until)
	}
}

func TestCircuitRelease(t *testing.T) {
	now := time.Unix(1000, 0)
	c := newCircuit(1, time.Second, time.Second)
	c.failure(now, 0, false)
	now = now.Add(time.Second)
	if _, probe := c.allow(now); !probe {
		t.Fatal("no probe")
	}
	c.release()
	if _, probe := c.allow(now); !probe {
		t.Error("after release the next caller does not probe")
	}
}

// Under contention one caller, and only one, gets the probe.
func TestCircuitSingleProbe(t *testing.T) {
	c := newCircuit(1, time.Millisecond, time.Millisecond)
	c.failure(time.Now(), 0, false)
	time.Sleep(2 * time.Millisecond)
	var probes atomic.Int32
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			if _, probe := c.allow(time.Now()); probe {
				probes.Add(1)
			}
		})
	}
	wg.Wait()
	if probes.Load() != 1 {
		t.Errorf("%d probes, want 1", probes.Load())
	}
}

// A timeout cost a whole export deadline: it opens the circuit at once,
// where cheap failures (refused, 5xx) need the threshold.
func TestCircuitOpensAtOnceOnTimeout(t *testing.T) {
	c := newCircuit(3, time.Second, time.Minute)
	now := time.Now()
	if w := c.failure(now, 0, true); w != time.Second {
		t.Fatalf("first timeout: window %v, want 1s", w)
	}
	if ok, _ := c.allow(now); ok {
		t.Error("circuit allows exports after a timeout")
	}
}
