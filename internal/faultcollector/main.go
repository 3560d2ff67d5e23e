// Command faultcollector is an OTLP/HTTP collector on 127.0.0.1 that
// misbehaves on purpose, for measuring what a bad collector costs a
// program (see the README's "Synchronous export" and BENCHMARKS.md):
//
//	go run ./internal/faultcollector -addr 127.0.0.1:4318 -latency 900ms
//
// It prints what it received when interrupted.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/otelagent/otelagent-go/internal/otlptest"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:4318", "listen address (loopback only)")
	latency := flag.Duration("latency", 0, "delay every answer by this much")
	status := flag.Int("status", 200, "answer this HTTP status")
	retryAfter := flag.String("retry-after", "", "Retry-After header with -status")
	hang := flag.Bool("hang", false, "accept requests and never answer")
	partial := flag.Int("partial", 0, "reject this percentage of items (OTLP partial success)")
	redirect := flag.String("redirect", "", "answer 307 to this location")
	flag.Parse()
	srv, err := otlptest.NewServerAt(*addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "faultcollector:", err)
		os.Exit(1)
	}
	defer srv.Close()
	srv.SetLatency(*latency)
	srv.SetStatus(*status, *retryAfter)
	srv.SetHang(*hang)
	srv.SetPartialSuccess(*partial)
	srv.SetRedirect(*redirect)
	fmt.Printf("faultcollector: listening on http://%s\n", srv.Addr())
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	<-sig
	time.Sleep(10 * time.Millisecond)
	fmt.Printf("faultcollector: %d spans (%d unique), %d metric data points\n", srv.SpanCount(), srv.UniqueSpans(), srv.DataPoints())
}
