package setup_test

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/setup"
)

// The main path of an agent CLI: start telemetry from the environment, with
// --debug printing what is sent, record through the Telemetry, and shut
// down before exiting so everything is flushed.
func ExampleStart() {
	debug := flag.Bool("debug", false, "print telemetry as it is sent")
	flag.Parse()

	ctx := context.Background()
	opts := []setup.Option{setup.WithServiceName("myagent"), setup.WithServiceVersion("1.4.0")}
	if *debug {
		opts = append(opts, setup.WithDebug(os.Stderr))
	}
	// A configuration problem has already been reported in one line on
	// stderr; telemetry carries on without it, and so does the program.
	pipeline, _ := setup.Start(ctx, opts...)

	tel := pipeline.Telemetry()
	ctx, cmd := tel.StartCommand(ctx, "run", "debug")
	_, session := tel.StartSession(ctx, otelagent.Agent{Name: "coder", SessionID: "5f0c", Model: "gpt-4o", Provider: "openai"})
	session.End(nil)
	cmd.End(nil)

	// Bounded: it never keeps a user waiting on a dead collector.
	_ = pipeline.Shutdown(ctx)
}

// Inspect shows what Start would do, without doing any of it: for a
// "telemetry status" command.
func ExampleInspect() {
	env := map[string]string{
		"OTEL_EXPORTER_OTLP_ENDPOINT": "https://collector.example.com",
		"OTEL_METRICS_EXPORTER":       "none",
	}
	status, err := setup.Inspect(setup.WithServiceName("myagent"), setup.WithSpoolDir(""),
		setup.WithGetenv(func(k string) string { return env[k] }))
	fmt.Println(status.Enabled, status.Endpoint, status.TracesExporters, status.MetricsExporters, err)

	env["TELEMETRY_ENABLED"] = "false"
	status, _ = setup.Inspect(setup.WithGetenv(func(k string) string { return env[k] }))
	fmt.Println(status.Enabled, status.Reason)
	// Output:
	// true https://collector.example.com/v1/traces [otlp] [] <nil>
	// false TELEMETRY_ENABLED=false
}
