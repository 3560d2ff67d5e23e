package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/otelagent/otelagent-go/internal/collectortest"
)

// demoTimeout bounds one run of the demo. A run takes well under a second
// against a live collector and a few seconds against a dead one; the bound
// only keeps a hung demo from hanging the test binary.
const demoTimeout = 30 * time.Second

// Names the demo is run with, given as flags so that the expected span
// names do not depend on the demo's defaults.
const (
	agentName = "coder"
	modelName = "gpt-4o"
)

// fileCanaries are fragments of the notes file the demo writes to its
// workspace and whose content its agent reads (cmd/demo/tools.go,
// notesContent), and of the private-looking path its failing tool puts in
// its error message (failingTestPath). They must never be exported.
// demoBinary checks that the binary holds each of them, so that a change in
// the demo cannot turn this check into one that passes by default.
var fileCanaries = []string{
	"Zanzibar-Quokka-7731",
	"Ledger rounding bug",
	"refunds of 0.005 round the wrong way",
	"/home/alice/src/acme-payments",
}

var demo struct {
	once sync.Once
	dir  string
	bin  string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if demo.dir != "" {
		os.RemoveAll(demo.dir)
	}
	os.Exit(code)
}

// demoBinary builds cmd/demo once per test process (with -race when the
// tests run with it) and returns its path.
func demoBinary(t *testing.T) string {
	t.Helper()
	demo.once.Do(func() {
		start := time.Now()
		demo.bin, demo.err = buildDemo()
		if demo.err == nil {
			t.Logf("demo built in %v (race %v)", time.Since(start).Round(time.Millisecond), raceEnabled)
		}
	})
	if demo.err != nil {
		t.Fatal(demo.err)
	}
	return demo.bin
}

func buildDemo() (string, error) {
	root, err := collectortest.RepoRoot()
	if err != nil {
		return "", err
	}
	demo.dir, err = os.MkdirTemp("", "otelagent-e2e-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(demo.dir, "demo")
	args := []string{"build", "-o", bin}
	if raceEnabled {
		args = append(args, "-race")
	}
	cmd := exec.Command("go", append(args, "./cmd/demo")...)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/demo: %v\n%s", err, out)
	}
	data, err := os.ReadFile(bin)
	if err != nil {
		return "", err
	}
	for _, c := range fileCanaries {
		if !bytes.Contains(data, []byte(c)) {
			return "", fmt.Errorf("the demo binary no longer holds the file canary %q: update fileCanaries from cmd/demo's notes file", c)
		}
	}
	return bin, nil
}

// canaries are values that appear in the demo's input and environment and
// must appear nowhere in what it exports.
type canaries struct {
	prompt string
	env    map[string]string // API keys, by variable
}

func newCanaries(t *testing.T) canaries {
	t.Helper()
	const (
		alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
		upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
		b64   = alnum + "+/"
	)
	return canaries{
		prompt: "fix the refund rounding bug, canary " + randomString(t, alnum, 24),
		env: map[string]string{
			"OPENAI_API_KEY":        "sk-proj-" + randomString(t, alnum, 48),
			"ANTHROPIC_API_KEY":     "sk-ant-api03-" + randomString(t, alnum, 80) + "-" + randomString(t, alnum, 6) + "AA",
			"AWS_ACCESS_KEY_ID":     "AKIA" + randomString(t, upper, 16),
			"AWS_SECRET_ACCESS_KEY": randomString(t, b64, 40),
			"GITHUB_TOKEN":          "ghp_" + randomString(t, alnum, 36),
		},
	}
}

// all returns every canary: the prompt, the API keys and the file canaries.
func (c canaries) all() []string {
	out := []string{c.prompt}
	for _, k := range sortedKeys(c.env) {
		out = append(out, c.env[k])
	}
	return append(out, fileCanaries...)
}

// assertAbsent fails the test for every canary found in text, which is
// named by where.
func (c canaries) assertAbsent(t *testing.T, where, text string) {
	t.Helper()
	for _, v := range c.all() {
		if i := strings.Index(text, v); i >= 0 {
			t.Errorf("canary %q found in %s: ...%s...", v, where, excerpt(text, i, len(v)))
		}
	}
}

func randomString(t *testing.T, alphabet string, n int) string {
	t.Helper()
	b := make([]byte, n)
	for i := range b {
		j, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			t.Fatal(err)
		}
		b[i] = alphabet[j.Int64()]
	}
	return string(b)
}

func excerpt(s string, i, n int) string {
	return s[max(0, i-80):min(len(s), i+n+80)]
}

// demoEnv is the whole environment of one demo run: nothing is inherited
// from the test process, so an OTEL_* variable of the developer's shell
// cannot change the outcome. HOME and the XDG directories point into a fresh
// directory that the demo may fill (the notice marker, the spool) and TMPDIR
// into another, where the demo makes and removes its workspace.
type demoEnv struct {
	home, tmp string
	vars      map[string]string
}

func newDemoEnv(t *testing.T, c canaries, endpoint string) *demoEnv {
	t.Helper()
	e := &demoEnv{home: t.TempDir(), tmp: t.TempDir(), vars: map[string]string{}}
	for k, v := range c.env {
		e.vars[k] = v
	}
	e.vars["HOME"] = e.home
	e.vars["XDG_CONFIG_HOME"] = filepath.Join(e.home, ".config")
	e.vars["XDG_CACHE_HOME"] = filepath.Join(e.home, ".cache")
	e.vars["TMPDIR"] = e.tmp
	e.vars["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint
	if raceEnabled {
		// The race runtime otherwise sleeps a second at exit; a race still
		// makes the demo exit 66 and print a report that runDemo looks for.
		e.vars["GORACE"] = "atexit_sleep_ms=0"
	}
	return e
}

func (e *demoEnv) list() []string {
	out := make([]string, 0, len(e.vars))
	for _, k := range sortedKeys(e.vars) {
		out = append(out, k+"="+e.vars[k])
	}
	return out
}

// result is what one demo run did.
type result struct {
	stdout, stderr string
	exitCode       int
	elapsed        time.Duration
}

// runDemo runs the demo with args in env and fails the test if it could not
// be run at all (not if it exited non-zero: callers check exitCode).
func runDemo(t *testing.T, env *demoEnv, args ...string) result {
	t.Helper()
	// Built before the run's deadline starts: the first build (with -race,
	// on a busy machine) can take longer than a run is given.
	bin := demoBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), demoTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = env.list()
	cmd.Dir = env.tmp
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String(), elapsed: time.Since(start)}
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		t.Fatalf("demo %q did not finish within %v\nstderr:\n%s", args, demoTimeout, r.stderr)
	case errors.As(err, &exit):
		r.exitCode = exit.ExitCode()
	case err != nil:
		t.Fatalf("demo %q: %v", args, err)
	}
	t.Logf("demo %q: exit %d in %v", args, r.exitCode, r.elapsed.Round(time.Millisecond))
	if strings.Contains(r.stderr, "WARNING: DATA RACE") {
		t.Errorf("the race detector found a data race in the demo:\n%s", r.stderr)
	}
	return r
}

// assertAnswered checks that a run succeeded and that its answer is about
// the prompt, which shows the prompt canary went through the agent (into its
// tools' arguments and error messages) and the notes file was read.
func assertAnswered(t *testing.T, r result, c canaries) {
	t.Helper()
	if r.exitCode != 0 {
		t.Fatalf("demo exited %d, want 0\nstdout:\n%s\nstderr:\n%s", r.exitCode, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, c.prompt) || !strings.Contains(r.stdout, "Ledger rounding bug") {
		t.Errorf("the demo's answer does not mention the prompt and the notes file it read:\n%s", r.stdout)
	}
}

// files lists every file and directory under dir, relative to it.
func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path != dir {
			rel, _ := filepath.Rel(dir, path)
			out = append(out, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// readTree returns the contents of every regular file under dir.
func readTree(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	for _, rel := range files(t, dir) {
		path := filepath.Join(dir, rel)
		info, err := os.Lstat(path)
		if err != nil {
			t.Fatal(err)
		}
		if !info.Mode().IsRegular() {
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
	}
	return b.String()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
