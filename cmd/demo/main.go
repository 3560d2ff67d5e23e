package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/otelagent/otelagent-go/internal/names"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
	"github.com/otelagent/otelagent-go/setup"
	"github.com/otelagent/otelagent-go/viewer"
)

// Exit statuses.
const (
	exitOK          = 0
	exitFailed      = 1
	exitUsage       = 2
	exitInterrupted = 130
)

const (
	serviceName     = "otelagent-demo"
	commandRun      = "run"
	shutdownTimeout = 5 * time.Second
	// perToken makes the fake model take a realistic-looking few
	// milliseconds per call.
	perToken = 100 * time.Microsecond
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	// Only now, with telemetry shut down and flushed, may the process end.
	os.Exit(code)
}

// cli runs the command in args and returns the exit status.
func cli(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		printUsage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "run":
		return runMain(ctx, args[1:], stdout, stderr)
	case "telemetry":
		return telemetryMain(ctx, args[1:], stdout, stderr)
	case "version":
		fmt.Fprintf(stdout, "%s %s\n", serviceName, otelagent.Version())
		return exitOK
	case "help", "-h", "-help", "--help":
		printUsage(stdout)
		return exitOK
	}
	fmt.Fprintf(stderr, "demo: unknown command %q\n\n", args[0])
	printUsage(stderr)
	return exitUsage
}

// runFlags are the flags of "demo run".
type runFlags struct {
	set      *flag.FlagSet
	agent    string
	model    string
	debug    bool
	debugLog string
}

func newRunFlags() *runFlags {
	f := &runFlags{set: flag.NewFlagSet("run", flag.ContinueOnError)}
	// Parse errors and help are printed by runMain, help on stdout.
	f.set.SetOutput(io.Discard)
	f.set.StringVar(&f.agent, "agent", "coder", "the agent's `NAME`, recorded as gen_ai.agent.name")
	f.set.StringVar(&f.model, "model", "gpt-4o", "the model `NAME` the fake model answers as; its price gives the estimated cost")
	f.set.BoolVar(&f.debug, "debug", false, "print the tree of the run as it is sent (durations, tokens, cost, outcomes), and otelagent's diagnostics, to stderr")
	f.set.StringVar(&f.debugLog, "debug-log", "", "write what is sent to `FILE` (mode 0600) as OTLP JSON lines, for 'otelagent view', instead of the tree on stderr")
	return f
}

// usageError is a mistake in the command line; the command fails with
// exit status 2 and error.type "usage".
type usageError struct{ msg string }

func (e *usageError) Error() string     { return e.msg }
func (e *usageError) ErrorType() string { return "usage" }

// runRequest is a parsed "demo run".
type runRequest struct {
	agent  agentConfig
	prompt string
	// flags are the names of the flags given, never their values.
	flags []string
	// usageErr, if set, is what is wrong with the command line: the
	// command is recorded as failed and nothing runs.
	usageErr error
}

func parseRun(f *runFlags, args []string) (runRequest, error) {
	err := f.set.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		return runRequest{}, err
	}
	req := runRequest{agent: agentConfig{name: f.agent, model: f.model, provider: providerFor(f.model), perToken: perToken}}
	f.set.Visit(func(fl *flag.Flag) { req.flags = append(req.flags, fl.Name) })
	switch {
	case err != nil:
		req.usageErr = &usageError{err.Error()}
	case f.set.NArg() == 0:
		req.usageErr = &usageError{"no prompt: give the agent something to do"}
	case !names.Valid(names.Agent, f.agent):
		req.usageErr = &usageError{fmt.Sprintf("-agent %q: want an agent name (see README, Names): up to 64 letters, digits, '-', '_', '.', '/' or ':', not a path or a key", f.agent)}
	case !names.Valid(names.Model, f.model):
		req.usageErr = &usageError{fmt.Sprintf("-model %q: want a model name (see README, Names) such as gpt-4o-2024-08-06 or meta-llama/Llama-3.1-8B-Instruct, not a path or a key", f.model)}
	default:
		req.prompt = strings.Join(f.set.Args(), " ")
	}
	return req, nil
}

// runMain is "demo run": start telemetry, run the command, shut telemetry
// down (flushing it) and return the exit status.
func runMain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f := newRunFlags()
	req, err := parseRun(f, args)
	if err != nil {
		printRunUsage(stdout, f)
		return exitOK
	}

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

	err = execute(ctx, pipeline.Telemetry(), req, stdout)
	code := exitOK
	var usage *usageError
	switch {
	case errors.As(err, &usage):
		fmt.Fprintf(stderr, "demo run: %v\nRun 'demo run -help' for usage.\n", err)
		code = exitUsage
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "demo run: interrupted")
		code = exitInterrupted
	case err != nil:
		fmt.Fprintf(stderr, "demo run: %v\n", err)
		code = exitFailed
	}

	// Bounded, and not canceled by the interrupt that may have ended the
	// run: what was recorded is flushed, or reported as undelivered. An
	// interrupt during the flush (a second Ctrl-C) abandons it at once:
	// what was not sent stays in the spool.
	ictx, stop := signal.NotifyContext(context.WithoutCancel(ctx), os.Interrupt, syscall.SIGTERM)
	defer stop()
	sctx, cancel := context.WithTimeout(ictx, shutdownTimeout)
	defer cancel()
	_ = pipeline.Shutdown(sctx)
	return code
}

// execute runs the "run" command under tel: the command span, the agent in
// a temporary workspace, the answer on stdout.
func execute(ctx context.Context, tel *otelagent.Telemetry, req runRequest, stdout io.Writer) (err error) {
	ctx, cmd := tel.StartCommand(ctx, commandRun, req.flags...)
	defer func() { cmd.End(err) }()
	if req.usageErr != nil {
		return req.usageErr
	}

	ws, err := newWorkspace()
	if err != nil {
		return err
	}
	defer func() {
		if cerr := ws.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("removing the demo workspace: %w", cerr)
		}
	}()

	answer, err := newAgent(tel, req.agent, ws).run(ctx, req.prompt)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(stdout, answer)
	return err
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

	if *markdown {
		fmt.Fprintln(stdout, "# What otelagent can send")
		fmt.Fprintln(stdout)
		err = semconv.WriteMarkdown(stdout)
		fmt.Fprintln(stdout)
		fmt.Fprintln(stdout, "# Current settings")
	} else {
		err = writeListing(stdout, viewer.TerminalWidth(stdout))
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

// providerFor names the provider of model in the GenAI conventions'
// spelling, for the models the demo is likely to be asked to play.
func providerFor(model string) string {
	m := strings.ToLower(model)
	switch {
	case strings.HasPrefix(m, "gpt-"), strings.HasPrefix(m, "o1"), strings.HasPrefix(m, "o3"), strings.HasPrefix(m, "o4"):
		return "openai"
	case strings.HasPrefix(m, "claude"):
		return "anthropic"
	case strings.HasPrefix(m, "gemini"):
		return "gcp.gemini"
	case strings.HasPrefix(m, "mistral"), strings.HasPrefix(m, "codestral"):
		return "mistral_ai"
	}
	return ""
}
