package setup_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/otelagent/otelagent-go/setup"
)

func startForNotice(t *testing.T, opts ...setup.Option) string {
	t.Helper()
	var diag bytes.Buffer
	p, _ := setup.Start(context.Background(), append([]setup.Option{
		setup.WithServiceName("noticed"), setup.WithDiagnostics(&diag),
		setup.WithSpoolDir(t.TempDir()),
	}, opts...)...)
	_ = p.Shutdown(context.Background())
	return diag.String()
}

func TestNoticeSaysWhereAndHow(t *testing.T) {
	isolate(t)
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://user:hunter2@collector.example:4318/prefix?api_key=k3y")
	dir := t.TempDir()
	first := startForNotice(t, setup.WithConfigDir(dir), setup.WithInspectHint("run 'myagent telemetry show'"))
	for _, want := range []string{
		"sent to:   an OpenTelemetry collector at collector.example:4318",
		"see what is sent: run 'myagent telemetry show'.",
		"This notice is shown once.",
	} {
		if !strings.Contains(first, want) {
			t.Errorf("notice lacks %q:\n%s", want, first)
		}
	}
	for _, secret := range []string{"hunter2", "k3y", "prefix", "--debug"} {
		if strings.Contains(first, secret) {
			t.Errorf("notice shows %q:\n%s", secret, first)
		}
	}
	if second := startForNotice(t, setup.WithConfigDir(dir)); strings.Contains(second, "collects anonymous usage telemetry") {
		t.Errorf("notice shown twice:\n%s", second)
	}
}

func TestNoticeDefaultHintWorksInAnyProgram(t *testing.T) {
	isolate(t)
	got := startForNotice(t, setup.WithConfigDir(t.TempDir()))
	if !strings.Contains(got, "see what is sent: run with OTEL_TRACES_EXPORTER=console.") {
		t.Errorf("default hint missing:\n%s", got)
	}
}

// TestNoticeOnlyPromisesOnceWhenItCanRemember: with nowhere to record that
// it was shown, the notice is shown at every run and says so, instead of
// claiming "shown once".
func TestNoticeOnlyPromisesOnceWhenItCanRemember(t *testing.T) {
	isolate(t)
	// Even root cannot create a directory under a regular file, so this
	// is unwritable for every user.
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	unwritable := filepath.Join(file, "otelagent")
	for run := range 2 {
		got := startForNotice(t, setup.WithConfigDir(unwritable))
		if !strings.Contains(got, "collects anonymous usage telemetry") {
			t.Fatalf("run %d: no notice:\n%s", run, got)
		}
		if strings.Contains(got, "shown once") || !strings.Contains(got, "shown at every run") {
			t.Errorf("run %d: notice promises what it cannot keep:\n%s", run, got)
		}
	}
}

func TestNoticeDestinationForLocalExporters(t *testing.T) {
	isolate(t)
	t.Setenv("OTEL_TRACES_EXPORTER", "console")
	t.Setenv("OTEL_METRICS_EXPORTER", "none")
	got := startForNotice(t, setup.WithConfigDir(t.TempDir()))
	if !strings.Contains(got, "sent to:   this terminal (stderr)") {
		t.Errorf("notice:\n%s", got)
	}
}
