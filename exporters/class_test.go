package exporters

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/otelagent/otelagent-go/internal/otlptest"
)

// Each misconfiguration a user meets gets the class that names it and a
// hint, through the real HTTP sender: https:// to a plain collector, http://
// to a TLS one, plain HTTP to a gRPC (HTTP/2-only) port, a private CA.
func TestSenderClasses(t *testing.T) {
	plain := newServer(t)
	tlsSrv := otlptest.NewTLSServer()
	t.Cleanup(tlsSrv.Close)
	h2 := http2OnlyPort(t)
	for _, tc := range []struct {
		name, url, class, hint string
	}{
		{"https to a plain collector", "https://" + plain.Addr() + "/v1/traces", classTLS, "use http://"},
		{"http to a TLS collector", "http://" + tlsSrv.Addr() + "/v1/traces", classTLS, "use https://"},
		{"private CA", tlsSrv.TracesURL(), classX509Unknown, "OTEL_EXPORTER_OTLP_CERTIFICATE"},
		{"gRPC port", "http://" + h2 + "/v1/traces", classProtocol, "4317"},
		{"nothing listens", downURL(t, "/v1/traces"), classConnectionRefused, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newHTTPSender(Endpoint{URL: tc.url}, signalTraces, 1)
			defer s.close()
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			o := s.send(ctx, nil)
			if o.class != tc.class {
				t.Fatalf("class %q, want %q", o.class, tc.class)
			}
			if h := hint(o, tc.url, "/v1/traces"); !strings.Contains(h, tc.hint) {
				t.Errorf("hint %q, want it to contain %q", h, tc.hint)
			}
			if kind := classKind(o.class); (tc.hint != "") != (kind == kindConfig) {
				t.Errorf("kind %d", kind)
			}
		})
	}
}

// http2OnlyPort answers every connection with an HTTP/2 SETTINGS frame, as
// a gRPC server does to an HTTP/1.1 request.
func http2OnlyPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			// Read the request first: closing with it unread would reset
			// the connection before the client reads the answer.
			_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
			_, _ = c.Read(make([]byte, 4096))
			_, _ = c.Write([]byte("\x00\x00\x06\x04\x00\x00\x00\x00\x00\x00\x05\x00\x00\x40\x00"))
			_ = c.Close()
		}
	}()
	t.Cleanup(func() {
		_ = l.Close()
		<-done
	})
	return l.Addr().String()
}
