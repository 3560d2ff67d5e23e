package exporters

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// procReadSpoolDir returns the concatenated contents of the spool files.
func procReadSpoolDir(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
	}
	return b.String()
}

func TestSpoolPermissions(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "otelagent", "spool", "svc")
	s, err := openSpool(dir, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.put([]byte("payload"), 1); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o700 {
		t.Errorf("dir mode = %v, want 0700", perm)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("%d files, want 1", len(entries))
	}
	info, _ = entries[0].Info()
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("file mode = %v, want 0600", perm)
	}
	// An existing, too open directory is tightened.
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := openSpool(dir, 0, 0); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(dir); info.Mode().Perm() != 0o700 {
		t.Errorf("existing dir mode = %v, want 0700", info.Mode().Perm())
	}
}

func TestSpoolBounds(t *testing.T) {
	for _, dir := range []string{"", "disk"} {
		name := "memory"
		if dir != "" {
			name = dir
		}
		t.Run(name+"/size", func(t *testing.T) {
			if dir != "" {
				dir = t.TempDir()
			}
			s, err := openSpool(dir, 100, time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			for i := range 5 {
				now := time.Unix(1000+int64(i), 0)
				s.now = func() time.Time { return now }
				if err := s.put([]byte(strings.Repeat("x", 30)), i+1); err != nil {
					t.Fatal(err)
				}
			}
			// 5 x 30 bytes in a 100-byte spool: the two oldest (1 and 2
			// spans) are dropped.
			st := s.stats()
			if st.Spans != 3+4+5 || st.Bytes != 90 || st.Dropped != 1+2 {
				t.Errorf("stats = %+v, want 12 spans, 90 bytes, 3 dropped", st)
			}
			if err := s.put(make([]byte, 101), 7); err == nil {
				t.Error("put of a request larger than the bound succeeded")
			}
			// Not kept, not counted here: the caller still holds it.
			if st := s.stats(); st.Dropped != 3 || st.Spans != 12 {
				t.Errorf("stats = %+v, want unchanged", st)
			}
		})
		t.Run(name+"/age", func(t *testing.T) {
			if dir != "" {
				dir = t.TempDir()
			}
			s, err := openSpool(dir, 1<<20, time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			now := time.Unix(1000, 0)
			s.now = func() time.Time { return now }
			_ = s.put([]byte("old"), 2)
			now = now.Add(2 * time.Minute)
			_ = s.put([]byte("new"), 3)
			var sent []string
			n, err := s.replay(context.Background(), func(_ context.Context, b []byte) error {
				sent = append(sent, string(b))
				return nil
			})
			if err != nil || n != 3 || len(sent) != 1 || sent[0] != "new" {
				t.Errorf("replay = %d, %v, sent %q; want only the new request", n, err, sent)
			}
			if st := s.stats(); st.Dropped != 2 || st.Spans != 0 {
				t.Errorf("stats = %+v, want 2 dropped, empty", st)
			}
		})
	}
}

func TestSpoolReplayStopsAtFailure(t *testing.T) {
	s, err := openSpool(t.TempDir(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		_ = s.put(fmt.Appendf(nil, "req%d", i), 1)
	}
	down := &ExportError{Class: ClassConnectionRefused}
	calls := 0
	n, err := s.replay(context.Background(), func(context.Context, []byte) error {
		calls++
		if calls == 2 {
			return down
		}
		return nil
	})
	if n != 1 || !errors.Is(err, down) {
		t.Errorf("replay = %d, %v; want 1 sent then the failure", n, err)
	}
	if st := s.stats(); st.Spans != 2 || st.Dropped != 0 {
		t.Errorf("stats = %+v, want the 2 unsent requests kept", st)
	}
	var order []string
	_, _ = s.replay(context.Background(), func(_ context.Context, b []byte) error {
		order = append(order, string(b))
		return nil
	})
	if strings.Join(order, ",") != "req1,req2" {
		t.Errorf("second replay sent %v, want req1,req2 (oldest first)", order)
	}
}

// Several processes replaying one directory send each file once.
func TestSpoolConcurrentReplayers(t *testing.T) {
	dir := t.TempDir()
	const files = 60
	w, err := openSpool(dir, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := range files {
		if err := w.put(fmt.Appendf(nil, "req-%03d", i), 1); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	seen := map[string]int{}
	var total atomic.Int64
	var wg sync.WaitGroup
	for range 4 {
		// Each replayer has its own spool value, as separate processes would.
		r, err := openSpool(dir, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		wg.Go(func() {
			n, err := r.replay(context.Background(), func(_ context.Context, b []byte) error {
				mu.Lock()
				seen[string(b)]++
				mu.Unlock()
				time.Sleep(200 * time.Microsecond)
				return nil
			})
			if err != nil {
				t.Error(err)
			}
			total.Add(int64(n))
		})
	}
	wg.Wait()
	if len(seen) != files || total.Load() != files {
		t.Errorf("sent %d distinct requests, %d in all; want %d", len(seen), total.Load(), files)
	}
	for k, n := range seen {
		if n != 1 {
			t.Errorf("%s sent %d times", k, n)
		}
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("%d files left", len(left))
	}
}

// A file claimed by a process that died is given back after staleClaimAge.
func TestSpoolStaleClaim(t *testing.T) {
	dir := t.TempDir()
	s, err := openSpool(dir, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	_ = s.put([]byte("orphan"), 4)
	entries, _ := os.ReadDir(dir)
	base := entries[0].Name()
	claimedAt := time.Now()
	claimed := fmt.Sprintf("%s%s%d-%d", base, claimMarker, 99999, claimedAt.UnixNano())
	if err := os.Rename(filepath.Join(dir, base), filepath.Join(dir, claimed)); err != nil {
		t.Fatal(err)
	}
	if st := s.stats(); st.Spans != 0 {
		t.Fatalf("a fresh claim counts as spooled: %+v", st)
	}
	s.now = func() time.Time { return claimedAt.Add(staleClaimAge + time.Second) }
	var got string
	n, err := s.replay(context.Background(), func(_ context.Context, b []byte) error { got = string(b); return nil })
	if err != nil || n != 0 {
		t.Fatalf("replay = %d, %v", n, err) // this pass gives the claim back
	}
	n, err = s.replay(context.Background(), func(_ context.Context, b []byte) error { got = string(b); return nil })
	if err != nil || n != 4 || got != "orphan" {
		t.Errorf("replay = %d, %v, %q; want the orphan's 4 spans", n, err, got)
	}
}

// What one run spooled, the next run sends at start-up, exactly once.
func TestSpoolNextRunReplay(t *testing.T) {
	dir := t.TempDir()
	// Run 1: the collector is down.
	exp1 := procNewExporter(t, procDownURL(t), dir)
	p1 := NewSyncSpanProcessor(exp1, WithSpooler(exp1), WithExportTimeout(procTestTimeout), WithFailureThreshold(1), WithBackoff(time.Hour, time.Hour))
	ids := procEndSpans(procTracer(p1), "run1", 12)
	procShutdown(t, p1)
	if st := p1.Stats(); st.SpoolSpans != 12 {
		t.Fatalf("run 1 left %d spans in the spool, want 12 (%+v)", st.SpoolSpans, st)
	}
	// Run 2: the collector is up; two processes start at once.
	srv := procNewServer(t)
	var procs []*SyncSpanProcessor
	for range 2 {
		exp := procNewExporter(t, srv.TracesURL(), dir)
		procs = append(procs, NewSyncSpanProcessor(exp, WithSpooler(exp), WithExportTimeout(procTestTimeout)))
	}
	procWaitFor(t, "start-up replay", func() bool { return srv.SpanCount() >= 12 })
	var replayed uint64
	for _, p := range procs {
		procShutdown(t, p)
		replayed += p.Stats().Replayed
	}
	for i, id := range ids {
		if n := srv.Received(id); n != 1 {
			t.Errorf("span %d received %d times, want 1", i, n)
		}
	}
	if replayed != 12 || srv.Duplicates() != 0 {
		t.Errorf("replayed %d, %d duplicates; want 12, 0", replayed, srv.Duplicates())
	}
}
