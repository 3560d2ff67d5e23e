package exporters

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestDiagnosticsWriter(t *testing.T) {
	var buf bytes.Buffer
	d := diagnostics{emit: writerDiag(&buf)}
	d.printf("export failed (%s); circuit open for %s", ClassTimeout, 2*time.Second)
	now := time.Now()
	d.printfRateLimited(now, "dropped %d", 1)
	d.printfRateLimited(now.Add(10*time.Millisecond), "dropped %d", 2) // within a second: silent
	d.printfRateLimited(now.Add(2*time.Second), "dropped %d", 3)
	want := "otelagent: export failed (timeout); circuit open for 2s\notelagent: dropped 1\notelagent: dropped 3\n"
	if buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
	var off diagnostics
	off.printf("nothing") // no sink: no panic, no output
}

func TestDiagnosticsOption(t *testing.T) {
	var buf bytes.Buffer
	exp := procExporterFunc(nil)
	p := NewSyncSpanProcessor(exp, WithDiagnostics(&buf))
	p.diag.printf("hello")
	procShutdown(t, p)
	if !strings.HasPrefix(buf.String(), "otelagent: hello\n") {
		t.Errorf("got %q", buf.String())
	}
}
