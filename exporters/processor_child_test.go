package exporters

import (
	"bufio"
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

const (
	childURLEnv  = "OTELAGENT_EXPORTERS_TEST_CHILD_URL"
	childModeEnv = "OTELAGENT_EXPORTERS_TEST_CHILD_MODE"
)

// A process that dies right after End returned (os.Exit without Shutdown, or
// SIGKILL) has still delivered every span it ended: End is synchronous.
func TestSyncSpanProcessorProcessKilledAfterEnd(t *testing.T) {
	if url := os.Getenv(childURLEnv); url != "" {
		runKilledChild(url, os.Getenv(childModeEnv))
		return
	}
	for _, mode := range []string{"exit", "sigkill"} {
		t.Run(mode, func(t *testing.T) {
			srv := procNewServer(t)
			cmd := exec.Command(os.Args[0], "-test.run=^TestSyncSpanProcessorProcessKilledAfterEnd$", "-test.count=1")
			cmd.Env = append(os.Environ(), childURLEnv+"="+srv.TracesURL(), childModeEnv+"="+mode,
				"GORACE=atexit_sleep_ms=0") // no exit delay under -race
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			var ids [][8]byte
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				var id [8]byte
				if b, err := hex.DecodeString(sc.Text()); err == nil && len(b) == 8 {
					copy(id[:], b)
					ids = append(ids, id)
				}
			}
			err = cmd.Wait()
			if mode == "sigkill" {
				ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
				if !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
					t.Fatalf("child did not die of SIGKILL: %v", err)
				}
			} else if err != nil {
				t.Fatalf("child: %v", err)
			}
			if len(ids) != 20 {
				t.Fatalf("child reported %d ended spans, want 20", len(ids))
			}
			for i, id := range ids {
				if n := srv.Received(id); n != 1 {
					t.Errorf("span %d: received %d times, want 1", i, n)
				}
			}
		})
	}
}

// runKilledChild ends spans, reports each ID once End returned, then dies
// without Shutdown.
func runKilledChild(url, mode string) {
	exp, err := NewOTLPTraceExporter(OTLPConfig{TracesURL: url, Timeout: procTestTimeout * 4})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	tr := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(NewSyncSpanProcessor(exp))).Tracer("child")
	for range 20 {
		_, s := tr.Start(context.Background(), "op")
		s.End()
		id := s.SpanContext().SpanID()
		// Unbuffered: the line is in the pipe before the next span starts.
		fmt.Fprintln(os.Stdout, hex.EncodeToString(id[:]))
	}
	if mode == "sigkill" {
		_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {} // the signal arrives
	}
	os.Exit(0)
}
