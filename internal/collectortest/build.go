package collectortest

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// modulePath identifies the repository root among the go.mod files above a
// test's working directory (nested modules under tools/ and adapters/ have
// their own).
const modulePath = "github.com/otelagent/otelagent-go"

var build struct {
	once sync.Once
	bin  string
	err  error
}

// Build builds the collector in tools/otelcol and returns the binary's path,
// or returns the binary named by OTELAGENT_OTELCOL.
//
// The go command runs once per test process. The binary lives in a directory
// under os.TempDir shared by all test processes of the same user, so that a
// second process (another package's tests, a rerun) finds it up to date and
// go build does nothing; a file lock keeps concurrent processes from
// compiling the same packages twice on a small machine. A failed build fails
// the test with the go command's output.
func Build(t testing.TB) string {
	t.Helper()
	build.once.Do(func() {
		start := time.Now()
		build.bin, build.err = buildCollector()
		if build.err == nil {
			t.Logf("collectortest: collector built in %v: %s", time.Since(start).Round(time.Millisecond), build.bin)
		}
	})
	if build.err != nil {
		t.Fatalf("collectortest: %v", build.err)
	}
	return build.bin
}

// EnvCollectorBinary names a collector binary already built from
// tools/otelcol (as .ci/run does before the tests), used instead of
// building one.
const EnvCollectorBinary = "OTELAGENT_OTELCOL"

func buildCollector() (string, error) {
	if bin := os.Getenv(EnvCollectorBinary); bin != "" {
		if _, err := os.Stat(bin); err != nil {
			return "", fmt.Errorf("%s=%q: %w", EnvCollectorBinary, bin, err)
		}
		return bin, nil
	}
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("building the collector needs the go command on PATH: %w", err)
	}
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("otelagent-otelcol-%d", os.Getuid()))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("collector build directory: %w", err)
	}
	unlock, err := lockFile(filepath.Join(dir, "build.lock"))
	if err != nil {
		return "", fmt.Errorf("collector build lock: %w", err)
	}
	defer unlock()

	bin := filepath.Join(dir, "otelcol")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	cmd := exec.Command(gobin, "build", "-C", filepath.Join(root, "tools", "otelcol"), "-o", bin, ".")
	// tools/otelcol is its own module, outside the repository's go.work:
	// the collector's dependencies must not change the library's.
	cmd.Env = append(os.Environ(), "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build -C tools/otelcol failed: %w\n%s", err, out)
	}
	return bin, nil
}

// RepoRoot returns the directory of the go.mod that declares this
// repository's root module, searching from the working directory upwards.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if path, err := readModulePath(filepath.Join(dir, "go.mod")); err == nil && path == modulePath {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod declaring module " + modulePath + " above the working directory")
		}
		dir = parent
	}
}

func readModulePath(gomod string) (string, error) {
	f, err := os.Open(gomod)
	if err != nil {
		return "", err
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		line := strings.TrimSpace(s.Text())
		if rest, ok := strings.CutPrefix(line, "module"); ok && rest != "" && (rest[0] == ' ' || rest[0] == '\t') {
			rest, _, _ = strings.Cut(rest, "//")
			return strings.Trim(strings.TrimSpace(rest), `"`+"`"), nil
		}
	}
	if err := s.Err(); err != nil {
		return "", err
	}
	return "", fmt.Errorf("%s: no module line", gomod)
}
