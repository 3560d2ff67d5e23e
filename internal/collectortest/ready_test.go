package collectortest

import (
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// A port chosen free can be taken by another process (a test running in
// parallel) before the collector binds it. That process then answers the
// readiness probes; Start must not take it for its collector, which failed
// to start, but report the port in use, on which it retries.
func TestStartNotFooledByAnotherProcessOnItsPorts(t *testing.T) {
	bin := Build(t)
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	cfg := config{configPath: filepath.Join(root, "collector-config.yaml"), startTimeout: defaultStartTimeout, stopTimeout: defaultStopTimeout}

	// The other process: an OTLP/HTTP endpoint that accepts anything, and a
	// port that accepts connections (the kernel completes them).
	httpL, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {})}
	go func() { _ = srv.Serve(httpL) }()
	t.Cleanup(func() { _ = srv.Close() })
	grpcL, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = grpcL.Close() })

	ports := []int{httpL.Addr().(*net.TCPAddr).Port, grpcL.Addr().(*net.TCPAddr).Port}
	c, err := start(t, bin, cfg, ports)
	if err == nil {
		t.Fatalf("start succeeded on ports another process holds (collector on %s)", c.Endpoint())
	}
	if !strings.Contains(err.Error(), "address already in use") {
		t.Errorf("start: %v\nwant the error to say the address is in use (Start retries on it)", err)
	}
}
