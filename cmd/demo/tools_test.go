package main

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/otelagent/otelagent-go/otelagent"
)

func TestWorkspace(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	ws, err := newWorkspace()
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(ws.dir) != tmp {
		t.Errorf("workspace %q is not in TMPDIR %q", ws.dir, tmp)
	}
	info, err := os.Stat(filepath.Join(ws.dir, notesFile))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("notes: %v, %v; want a 0600 file", info, err)
	}
	if err := ws.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(ws.dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("workspace still there after Close: %v", err)
	}
}

func TestReadFileTool(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	ws, err := newWorkspace()
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	read := readFileTool(ws.dir)

	tests := []struct {
		name, args, want string
		wantType         string
	}{
		{name: "notes", args: `{"path":"notes.md"}`, want: notesContent},
		{name: "missing", args: `{"path":"absent.md"}`, wantType: "not_found"},
		{name: "escape", args: `{"path":"../../etc/passwd"}`, wantType: "*fs.PathError"},
		{name: "absolute", args: `{"path":"/etc/passwd"}`, wantType: "*fs.PathError"},
		{name: "bad arguments", args: `{"path":`, wantType: "*json.SyntaxError"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := read.run(context.Background(), tt.args)
			if tt.wantType == "" {
				if err != nil || got != tt.want {
					t.Errorf("= %q, %v; want %q", got, err, tt.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("= %q, want an error", got)
			}
			if typ := otelagent.ErrorType(err); typ != tt.wantType {
				t.Errorf("error.type = %q, want %q (error %v)", typ, tt.wantType, err)
			}
		})
	}
}

// run_tests fails with a message that holds the task and a private path, on
// purpose; what is exported is only its class.
func TestRunTestsTool(t *testing.T) {
	_, err := runTestsTool().run(context.Background(), `{"package":"./...","task":"the secret task"}`)
	if err == nil {
		t.Fatal("run_tests succeeded")
	}
	if !strings.Contains(err.Error(), "the secret task") || !strings.Contains(err.Error(), failingTestPath) {
		t.Errorf("message %q lacks the task and the path the canary tests look for", err)
	}
	if typ := otelagent.ErrorType(err); typ != errorTypeTestsFailed {
		t.Errorf("error.type = %q, want %q", typ, errorTypeTestsFailed)
	}
}

func TestDelegateToolUnknownAgent(t *testing.T) {
	ran := false
	d := delegateTool(map[string]func() *agent{subAgentName: func() *agent { ran = true; return nil }})
	_, err := d.run(context.Background(), `{"agent":"root-shell","task":"x"}`)
	if !errors.Is(err, errUnknownAgent) || ran {
		t.Errorf("err = %v, ran = %v; want errUnknownAgent and no agent run", err, ran)
	}
}
