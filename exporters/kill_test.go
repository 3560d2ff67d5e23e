package exporters

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/proto"
)

const (
	childDirEnv = "OTELAGENT_EXPORTERS_CHILD_SPOOL"
	childURLEnv = "OTELAGENT_EXPORTERS_CHILD_URL"
	childIDsEnv = "OTELAGENT_EXPORTERS_CHILD_IDS"
)

func spanIDs(body []byte) [][8]byte {
	var req coltracepb.ExportTraceServiceRequest
	if proto.Unmarshal(body, &req) != nil {
		return nil
	}
	var ids [][8]byte
	for _, rs := range req.GetResourceSpans() {
		for _, ss := range rs.GetScopeSpans() {
			for _, sp := range ss.GetSpans() {
				var id [8]byte
				copy(id[:], sp.GetSpanId())
				ids = append(ids, id)
			}
		}
	}
	return ids
}

// runSpanLoopChild ends spans from two goroutines until it is killed, and
// appends each span's ID to a file after its End returned.
func runSpanLoopChild() {
	d, err := NewDelivery(&Endpoint{URL: os.Getenv(childURLEnv), Timeout: 300 * time.Millisecond}, nil,
		WithSpoolDir(os.Getenv(childDirEnv)))
	if err != nil {
		os.Exit(3)
	}
	ids, err := os.OpenFile(os.Getenv(childIDsEnv), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		os.Exit(4)
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(NewSyncSpanProcessor(d.SpanExporter(), WithExportTimeout(300*time.Millisecond))))
	tr := tp.Tracer("child")
	os.Stdout.WriteString("ready\n")
	deadline := time.Now().Add(60 * time.Second) // bounded even if nobody kills it
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				_, s := tr.Start(context.Background(), "loop")
				s.End()
				id := s.SpanContext().SpanID()
				// One write(2) with O_APPEND: a whole line or nothing.
				_, _ = ids.Write([]byte(hex.EncodeToString(id[:]) + "\n"))
				// An agent's pace, not a benchmark's: a spool filled at
				// 40,000 spans/s overflows its bound (counted drops).
				time.Sleep(time.Millisecond)
			}
		})
	}
	wg.Wait()
	os.Exit(0)
}

// Zero loss of ended spans under repeated SIGKILL: a span loop is killed at
// seeded random moments while the collector flaps (healthy, 503, slow,
// hanging); afterwards every span whose End returned is at the collector or
// in the spool. Duplicates are counted and reported.
func TestZeroLossUnderSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("child processes")
	}
	srv := newServer(t)
	dir := filepath.Join(t.TempDir(), "spool")
	idsPath := filepath.Join(t.TempDir(), "ended")
	rng := rand.New(rand.NewPCG(11, 2026))

	stopFlap := make(chan struct{})
	flapDone := make(chan struct{})
	go func() {
		defer close(flapDone)
		frng := rand.New(rand.NewPCG(7, 7))
		for i := 0; ; i++ {
			srv.SetHealthy()
			switch frng.IntN(6) {
			case 3:
				srv.SetStatus(503, "")
			case 4:
				srv.SetLatency(200 * time.Millisecond) // slow
			case 5:
				srv.SetHang(true)
			}
			select {
			case <-stopFlap:
				return
			case <-time.After(time.Duration(100+frng.IntN(500)) * time.Millisecond):
			}
		}
	}()
	var stopOnce sync.Once
	stop := func() {
		stopOnce.Do(func() {
			close(stopFlap)
			<-flapDone
		})
	}
	defer stop()

	const kills = 10
	for i := range kills {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childDirEnv+"="+dir, childURLEnv+"="+srv.TracesURL(), childIDsEnv+"="+idsPath,
			"GORACE=atexit_sleep_ms=0")
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		ready := make(chan bool, 1)
		go func() {
			sc := bufio.NewScanner(out)
			ready <- sc.Scan() && sc.Text() == "ready"
			for sc.Scan() {
			}
		}()
		select {
		case ok := <-ready:
			if !ok {
				_ = cmd.Process.Kill()
				_ = cmd.Wait()
				t.Fatalf("kill %d: the child did not start", i)
			}
		case <-time.After(60 * time.Second):
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatalf("kill %d: the child did not start within a minute", i)
		}
		time.Sleep(time.Duration(100+rng.IntN(1400)) * time.Millisecond)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		err = cmd.Wait()
		if ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus); !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
			t.Fatalf("kill %d: the child did not die of SIGKILL: %v", i, err)
		}
	}
	stop()
	srv.SetHealthy()

	data, err := os.ReadFile(idsPath)
	if err != nil {
		t.Fatal(err)
	}
	ended := map[[8]byte]bool{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		b, err := hex.DecodeString(sc.Text())
		if err != nil || len(b) != 8 {
			continue
		}
		var id [8]byte
		copy(id[:], b)
		ended[id] = true
	}
	spooled := spoolSpans(t, dir)
	lost, both := 0, 0
	for id := range ended {
		at, in := srv.Received(id) > 0, spooled[id] > 0
		if !at && !in {
			lost++
		}
		if at && in {
			both++
		}
	}
	t.Logf("%d kills: %d spans ended; %d at the collector (%d duplicate copies), %d in the spool, %d both at the collector and in the spool",
		kills, len(ended), srv.UniqueSpans(), srv.Duplicates(), len(spooled), both)
	if len(ended) == 0 {
		t.Fatal("no span ended")
	}
	if lost > 0 {
		t.Errorf("%d of %d ended spans are neither at the collector nor in the spool", lost, len(ended))
	}
}
