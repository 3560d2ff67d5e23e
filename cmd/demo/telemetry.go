//go:build !notelemetry

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/setup"
	"github.com/otelagent/otelagent-go/viewer"
)

// startTelemetry starts the pipeline "demo run" records with and returns
// its Telemetry and its Shutdown. Built with -tags notelemetry, the demo
// has none (notelemetry.go): the reference its cost is measured against
// (scripts/runcost.sh).
func startTelemetry(ctx context.Context, f *runFlags, stderr io.Writer) (*otelagent.Telemetry, func(context.Context) error) {
	opts := []setup.Option{
		setup.WithServiceName(serviceName),
		setup.WithServiceVersion(otelagent.Version()),
		setup.WithDiagnostics(stderr),
		// The demo owns its process: OpenTelemetry's globals (the
		// propagator that otelagent.InjectEnv uses, the error handler) are
		// its pipeline's.
		setup.WithGlobal(),
		setup.WithInspectHint("run with --debug"),
	}
	switch {
	case f.debugLog != "":
		opts = append(opts, setup.WithDebugLogFile(f.debugLog))
	case f.debug:
		opts = append(opts, setup.WithDebug(stderr))
	}
	// Configuration problems are already reported, one line each, and
	// telemetry carries on without what was wrong: never a reason to fail.
	pipeline, _ := setup.Start(ctx, opts...)

	return pipeline.Telemetry(), pipeline.Shutdown
}

// telemetryMain is "demo telemetry": what otelagent can send, and what the
// current settings make it do. It records nothing.
func telemetryMain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("telemetry", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	markdown := fs.Bool("markdown", false, "print the catalog as the Markdown tables of the README")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, telemetryUsage)
			return exitOK
		}
		fmt.Fprint(stderr, telemetryUsage)
		return exitUsage
	}

	// The settings "demo run" would use, worked out without starting
	// anything: this command sends, writes and shows nothing else.
	status, err := setup.Inspect(setup.WithServiceName(serviceName))
	if err != nil {
		fmt.Fprintln(stderr, err)
	}

	// The active schema's catalog: OTEL_SEMCONV_STABILITY_OPT_IN chooses.
	cat := status.Schema.Catalog()
	if *markdown {
		fmt.Fprintln(stdout, "# What otelagent can send")
		fmt.Fprintln(stdout)
		err = cat.WriteMarkdown(stdout)
		fmt.Fprintln(stdout)
		fmt.Fprintln(stdout, "# Current settings")
	} else {
		err = writeListing(stdout, cat, viewer.TerminalWidth(stdout))
		fmt.Fprintln(stdout)
		fmt.Fprintln(stdout, "CURRENT SETTINGS")
	}
	if err != nil {
		fmt.Fprintf(stderr, "demo telemetry: %v\n", err)
		return exitFailed
	}
	fmt.Fprintln(stdout)
	writeStatus(stdout, status)
	return exitOK
}

func writeStatus(w io.Writer, s setup.Status) {
	if !s.Enabled {
		fmt.Fprintf(w, "telemetry:       off (%s): nothing is sent, written or shown\n", s.Reason)
		fmt.Fprintf(w, "service.name:    %s\n", s.ServiceName)
		fmt.Fprintf(w, "schema:          %s (%s)\n", s.Schema, s.Schema.Version())
		return
	}
	fmt.Fprintln(w, "telemetry:       on")
	fmt.Fprintf(w, "service.name:    %s\n", s.ServiceName)
	fmt.Fprintf(w, "traces to:       %s\n", orNone(strings.Join(s.TracesExporters, ", ")))
	fmt.Fprintf(w, "metrics to:      %s\n", orNone(strings.Join(s.MetricsExporters, ", ")))
	fmt.Fprintf(w, "OTLP endpoint:   %s\n", orNone(s.Endpoint))
	if s.MetricsEndpoint != "" {
		fmt.Fprintf(w, "OTLP metrics:    %s\n", s.MetricsEndpoint)
	}
	fmt.Fprintf(w, "spool directory: %s\n", orNone(s.SpoolDir))
	fmt.Fprintf(w, "debug output:    %s\n", onOff(s.Debug))
	fmt.Fprintf(w, "content capture: %s\n", onOff(s.ContentCapture))
	fmt.Fprintf(w, "schema:          %s (%s)\n", s.Schema, s.Schema.Version())
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}
