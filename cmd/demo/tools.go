package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// Tool and agent names. They are what telemetry records about a call, so
// they are fixed by the program, never taken from the model's output.
const (
	toolReadFile = "read_file"
	toolRunTests = "run_tests"
	toolDelegate = "delegate"
	subAgentName = "researcher"
)

// notesFile is the file the demo writes to its workspace and the agent
// reads; notesContent is what it holds. Tests check that none of it leaves
// the process in telemetry.
const (
	notesFile    = "notes.md"
	notesContent = "Ledger rounding bug: refunds of 0.005 round the wrong way.\n" +
		"Customer Zanzibar-Quokka-7731 reported it on the payments channel.\n" +
		"Repro: go test ./internal/ledger -run TestRefundRounding\n"
)

// failingTestPath is where the fake test run says it failed. It looks like a
// private path on purpose: run_tests's error message holds it and the user's
// prompt, and tests check that neither is exported, only error.type.
const failingTestPath = "/home/alice/src/acme-payments/internal/ledger/ledger_test.go"

// errorTypeTestsFailed is the class run_tests's error is exported as.
const errorTypeTestsFailed = "tests_failed"

type readFileArgs struct {
	Path string `json:"path"`
}

type runTestsArgs struct {
	Package string `json:"package"`
	Task    string `json:"task"`
}

type delegateArgs struct {
	Agent string `json:"agent"`
	Task  string `json:"task"`
}

// tool is something an agent can call: its name and type are recorded, its
// arguments and result are not.
type tool struct {
	name string
	typ  string
	run  func(ctx context.Context, arguments string) (string, error)
}

// workspace is the temporary directory the demo's tools work in. It is the
// only place the demo writes to, and Close removes it.
type workspace struct {
	dir string
}

func newWorkspace() (*workspace, error) {
	dir, err := os.MkdirTemp("", "otelagent-demo-")
	if err != nil {
		return nil, fmt.Errorf("creating the demo workspace: %w", err)
	}
	w := &workspace{dir: dir}
	if err := os.WriteFile(filepath.Join(dir, notesFile), []byte(notesContent), 0o600); err != nil {
		_ = w.Close()
		return nil, fmt.Errorf("writing %s to the demo workspace: %w", notesFile, err)
	}
	return w, nil
}

// Close removes the workspace and everything in it.
func (w *workspace) Close() error { return os.RemoveAll(w.dir) }

// readFileTool reads a file inside dir. os.Root keeps a path from the model
// ("../../.ssh/id_ed25519") from escaping it.
func readFileTool(dir string) tool {
	return tool{name: toolReadFile, typ: semconv.ToolTypeFunction, run: func(_ context.Context, arguments string) (string, error) {
		var args readFileArgs
		if err := json.Unmarshal([]byte(arguments), &args); err != nil {
			return "", fmt.Errorf("%s: bad arguments: %w", toolReadFile, err)
		}
		root, err := os.OpenRoot(dir)
		if err != nil {
			return "", err
		}
		defer root.Close()
		data, err := root.ReadFile(args.Path)
		if err != nil {
			return "", err
		}
		return string(data), nil
	}}
}

// runTestsTool always fails, as test runs do, so that the demo shows a
// failed tool call the agent recovers from. Its error message deliberately
// holds the task and a private-looking path; only its class,
// errorTypeTestsFailed, is exported.
func runTestsTool() tool {
	return tool{name: toolRunTests, typ: semconv.ToolTypeFunction, run: func(_ context.Context, arguments string) (string, error) {
		var args runTestsArgs
		if err := json.Unmarshal([]byte(arguments), &args); err != nil {
			return "", fmt.Errorf("%s: bad arguments: %w", toolRunTests, err)
		}
		err := fmt.Errorf("%s %s: 1 of 12 tests failed: TestRefundRounding (%s:42) while checking %q",
			toolRunTests, args.Package, failingTestPath, args.Task)
		return "", otelagent.WithErrorType(err, errorTypeTestsFailed)
	}}
}

// errUnknownAgent is returned by delegate for an agent it does not know:
// the model's choice of name is never trusted as a telemetry value.
var errUnknownAgent = errors.New("no such agent")

// delegateTool runs a sub-agent on a task and returns its answer. subAgents
// builds the agents it may run, by name.
func delegateTool(subAgents map[string]func() *agent) tool {
	return tool{name: toolDelegate, typ: semconv.ToolTypeFunction, run: func(ctx context.Context, arguments string) (string, error) {
		var args delegateArgs
		if err := json.Unmarshal([]byte(arguments), &args); err != nil {
			return "", fmt.Errorf("%s: bad arguments: %w", toolDelegate, err)
		}
		build, ok := subAgents[args.Agent]
		if !ok {
			return "", fmt.Errorf("%s %q: %w", toolDelegate, args.Agent, errUnknownAgent)
		}
		return build().run(ctx, args.Task)
	}}
}
