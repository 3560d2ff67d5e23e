package collectortest

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const (
	defaultStartTimeout = 30 * time.Second
	defaultStopTimeout  = 30 * time.Second
	// startAttempts bounds retries when a free port was taken by another
	// process between choosing it and the collector binding it.
	startAttempts = 3
)

// Environment variables read by collector-config.yaml.
const (
	EnvHTTPEndpoint = "OTELAGENT_COLLECTOR_HTTP_ENDPOINT"
	EnvGRPCEndpoint = "OTELAGENT_COLLECTOR_GRPC_ENDPOINT"
	EnvOutputDir    = "OTELAGENT_COLLECTOR_OUTPUT_DIR"
)

type config struct {
	configPath   string
	env          []string
	startTimeout time.Duration
	stopTimeout  time.Duration
}

// Option configures Start.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// WithConfig runs the collector with the configuration file at path instead
// of the repository's collector-config.yaml. The file should read the
// OTELAGENT_COLLECTOR_* variables for its endpoints and output directory,
// and log at level info: Start waits for the collector to log that it is
// ready.
func WithConfig(path string) Option {
	return optionFunc(func(c *config) { c.configPath = path })
}

// WithEnv adds an environment variable for the collector process; it wins
// over the test process's environment but not over the endpoint and output
// variables Start sets.
func WithEnv(key, value string) Option {
	return optionFunc(func(c *config) { c.env = append(c.env, key+"="+value) })
}

// WithStartTimeout bounds how long Start waits for the collector to accept
// requests (default 30 s). Values <= 0 are ignored.
func WithStartTimeout(d time.Duration) Option {
	return optionFunc(func(c *config) {
		if d > 0 {
			c.startTimeout = d
		}
	})
}

// WithStopTimeout bounds how long Stop waits for the collector to exit after
// SIGINT before killing it (default 30 s). Values <= 0 are ignored.
func WithStopTimeout(d time.Duration) Option {
	return optionFunc(func(c *config) {
		if d > 0 {
			c.stopTimeout = d
		}
	})
}

// Collector is a running collector process. Its methods must be called from
// the test's goroutine, since they fail the test with t.Fatal.
type Collector struct {
	t         testing.TB
	cfg       config
	httpAddr  string
	grpcAddr  string
	outputDir string
	cmd       *exec.Cmd
	log       *syncBuffer
	exited    chan struct{} // closed when the process has exited
	waitErr   error         // set before exited is closed

	stopOnce sync.Once
}

// Start builds (see Build) and starts a collector listening on free
// 127.0.0.1 ports, writing to a fresh temporary directory, and returns once
// its OTLP/HTTP endpoint answers requests and its gRPC port accepts
// connections. The collector is stopped when the test ends.
func Start(t testing.TB, opts ...Option) *Collector {
	t.Helper()
	bin := Build(t)
	cfg := config{startTimeout: defaultStartTimeout, stopTimeout: defaultStopTimeout}
	for _, o := range opts {
		if o != nil {
			o.apply(&cfg)
		}
	}
	if cfg.configPath == "" {
		root, err := RepoRoot()
		if err != nil {
			t.Fatalf("collectortest: %v", err)
		}
		cfg.configPath = filepath.Join(root, "collector-config.yaml")
	}

	var lastErr error
	for range startAttempts {
		ports, err := freePorts(2)
		if err != nil {
			t.Fatalf("collectortest: %v", err)
		}
		c, err := start(t, bin, cfg, ports)
		if err == nil {
			return c
		}
		lastErr = err
		if !strings.Contains(err.Error(), "address already in use") {
			break
		}
	}
	t.Fatalf("collectortest: %v", lastErr)
	return nil
}

// start runs the collector on the given HTTP and gRPC ports.
func start(t testing.TB, bin string, cfg config, ports []int) (*Collector, error) {
	t.Helper()
	c := &Collector{
		t:         t,
		cfg:       cfg,
		httpAddr:  fmt.Sprintf("127.0.0.1:%d", ports[0]),
		grpcAddr:  fmt.Sprintf("127.0.0.1:%d", ports[1]),
		outputDir: t.TempDir(),
		log:       &syncBuffer{},
		exited:    make(chan struct{}),
	}
	// The collector starts with SIGINT ignored: it catches SIGINT and
	// SIGTERM only a moment after it logs that it is ready, and until then
	// either signal kills it without a flush. An ignored SIGINT does
	// nothing until the collector catches it, so Stop can send it until it
	// takes (Go keeps an inherited SIG_IGN for SIGINT, and signal.Notify
	// overrides it).
	c.cmd = exec.Command("/bin/sh", "-c", `trap "" INT; exec "$0" "$@"`, bin, "--config="+cfg.configPath)
	c.cmd.Dir = c.outputDir
	c.cmd.Env = append(os.Environ(), cfg.env...)
	c.cmd.Env = append(c.cmd.Env,
		EnvHTTPEndpoint+"="+c.httpAddr,
		EnvGRPCEndpoint+"="+c.grpcAddr,
		EnvOutputDir+"="+c.outputDir,
	)
	c.cmd.Stdout = c.log
	c.cmd.Stderr = c.log
	begin := time.Now()
	if err := c.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", bin, err)
	}
	go func() {
		c.waitErr = c.cmd.Wait()
		close(c.exited)
	}()
	if err := c.waitReady(); err != nil {
		c.kill()
		return nil, fmt.Errorf("%w\ncollector log:\n%s", err, c.Log())
	}
	t.Logf("collectortest: collector ready in %v on http://%s (gRPC %s)", time.Since(begin).Round(time.Millisecond), c.httpAddr, c.grpcAddr)
	t.Cleanup(func() {
		c.Stop()
		if t.Failed() {
			t.Logf("collectortest: collector log:\n%s", c.Log())
		}
	})
	return c, nil
}

// readyLine is what the collector logs once every component has started:
// its receivers are listening, on ports no other process can then hold.
const readyLine = "Everything is ready"

// waitReady polls until the collector has logged readyLine, an empty
// OTLP/HTTP export is accepted and the gRPC port accepts connections; or
// the process exits, or the start timeout passes.
//
// The probes alone are not enough: the ports were free when chosen, but
// another process (a test running in parallel) can take one before this
// collector binds it, and then answers the probes while this collector
// fails to start. readyLine in this collector's own log says it holds both.
func (c *Collector) waitReady() error {
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(c.cfg.startTimeout)
	url := c.Endpoint() + "/v1/traces"
	for {
		select {
		case <-c.exited:
			return fmt.Errorf("collector exited before it was ready: %v", c.waitErr)
		default:
		}
		if strings.Contains(c.Log(), readyLine) && c.acceptsHTTP(client, url) && c.acceptsGRPC() {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("collector not ready on %s after %v (WithStartTimeout raises the bound)", c.httpAddr, c.cfg.startTimeout)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (c *Collector) acceptsHTTP(client *http.Client, url string) bool {
	resp, err := client.Post(url, "application/json", strings.NewReader("{}"))
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

func (c *Collector) acceptsGRPC() bool {
	conn, err := net.DialTimeout("tcp", c.grpcAddr, time.Second)
	if err != nil {
		return false
	}
	conn.Close()
	return true
}

// Endpoint is the OTLP/HTTP base URL, "http://127.0.0.1:PORT", as
// OTEL_EXPORTER_OTLP_ENDPOINT expects it (exporters append /v1/traces and
// /v1/metrics).
func (c *Collector) Endpoint() string { return "http://" + c.httpAddr }

// GRPCEndpoint is the OTLP/gRPC address, "127.0.0.1:PORT" (no scheme; the
// receiver does not use TLS).
func (c *Collector) GRPCEndpoint() string { return c.grpcAddr }

// OutputDir is the directory the file exporters write to; it is removed
// when the test ends.
func (c *Collector) OutputDir() string { return c.outputDir }

// Stop sends SIGINT and waits for the collector to exit, which flushes the
// batch processor and the file exporters. A collector that does not exit
// within the stop timeout is killed and the test fails, as it does when the
// collector exits with an error. Stop is idempotent; Start registers it with
// t.Cleanup.
func (c *Collector) Stop() {
	c.t.Helper()
	c.stopOnce.Do(func() {
		select {
		case <-c.exited:
			c.t.Errorf("collectortest: collector exited before Stop: %v\ncollector log:\n%s", c.waitErr, c.Log())
			return
		default:
		}
		// SIGINT until the collector has caught it (see start): one
		// sent before is ignored.
		deadline := time.After(c.cfg.stopTimeout)
		resend := time.NewTicker(100 * time.Millisecond)
		defer resend.Stop()
		for {
			if err := c.cmd.Process.Signal(syscall.SIGINT); err != nil && !errors.Is(err, os.ErrProcessDone) {
				c.t.Errorf("collectortest: SIGINT to collector: %v", err)
			}
			select {
			case <-c.exited:
				if c.waitErr != nil {
					c.t.Errorf("collectortest: collector exited with %v\ncollector log:\n%s", c.waitErr, c.Log())
				}
				return
			case <-deadline:
				c.kill()
				c.t.Errorf("collectortest: collector still running %v after SIGINT; killed\ncollector log:\n%s", c.cfg.stopTimeout, c.Log())
				return
			case <-resend.C:
			}
		}
	})
}

func (c *Collector) kill() {
	_ = c.cmd.Process.Kill()
	<-c.exited
}

// Log returns what the collector has printed so far on stdout and stderr
// (its own logs and the debug exporter's summaries).
func (c *Collector) Log() string { return c.log.String() }

// RawOutput stops the collector (see Stop) and returns the contents of every
// file it wrote, concatenated in name order: the place to look for a value
// that must never reach a collector. Search Log as well.
func (c *Collector) RawOutput() string {
	c.t.Helper()
	c.Stop()
	entries, err := os.ReadDir(c.outputDir)
	if err != nil {
		c.t.Fatalf("collectortest: reading output: %v", err)
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		if e.Type().IsRegular() {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	var b strings.Builder
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(c.outputDir, name))
		if err != nil {
			c.t.Fatalf("collectortest: reading output: %v", err)
		}
		b.Write(data)
	}
	return b.String()
}

// Traces stops the collector (see Stop) and returns every span written to
// traces.jsonl, in the order received.
func (c *Collector) Traces() []Span {
	c.t.Helper()
	c.Stop()
	spans, err := ParseTraces(c.readOutput("traces.jsonl"))
	if err != nil {
		c.t.Fatalf("collectortest: traces.jsonl: %v", err)
	}
	return spans
}

// Metrics stops the collector (see Stop) and returns every metric written to
// metrics.jsonl, one Metric per metric per export, in the order received.
// With cumulative temporality the last Metric of a name holds the totals.
func (c *Collector) Metrics() []Metric {
	c.t.Helper()
	c.Stop()
	metrics, err := ParseMetrics(c.readOutput("metrics.jsonl"))
	if err != nil {
		c.t.Fatalf("collectortest: metrics.jsonl: %v", err)
	}
	return metrics
}

func (c *Collector) readOutput(name string) []byte {
	c.t.Helper()
	data, err := os.ReadFile(filepath.Join(c.outputDir, name))
	if errors.Is(err, os.ErrNotExist) {
		c.t.Fatalf("collectortest: the collector wrote no %s; is the file exporter in %s writing to $%s/%s?", name, c.cfg.configPath, EnvOutputDir, name)
	}
	if err != nil {
		c.t.Fatalf("collectortest: %v", err)
	}
	return data
}

// Validate runs `otelcol validate` on the configuration file at configPath,
// with the same environment variables Start sets (on unused ports and a
// temporary directory), and fails the test with the collector's output if
// the configuration is invalid.
func Validate(t testing.TB, configPath string) {
	t.Helper()
	bin := Build(t)
	cmd := exec.Command(bin, "validate", "--config="+configPath)
	cmd.Env = append(os.Environ(),
		EnvHTTPEndpoint+"=127.0.0.1:0",
		EnvGRPCEndpoint+"=127.0.0.1:0",
		EnvOutputDir+"="+t.TempDir(),
	)
	done := make(chan struct{})
	var out []byte
	var err error
	go func() {
		out, err = cmd.CombinedOutput()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(defaultStartTimeout):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("collectortest: otelcol validate %s did not finish in %v\n%s", configPath, defaultStartTimeout, out)
	}
	if err != nil {
		t.Fatalf("collectortest: otelcol validate %s: %v\n%s", configPath, err, out)
	}
}

// freePorts returns n distinct ports that were free on 127.0.0.1; holding
// all listeners until every port is chosen keeps them distinct.
func freePorts(n int) ([]int, error) {
	ports := make([]int, 0, n)
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("choosing a free port: %w", err)
		}
		defer l.Close()
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// syncBuffer is an io.Writer safe for the collector's two output streams
// and concurrent readers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
