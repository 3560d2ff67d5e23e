package exporters

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/otelagent/otelagent-go/internal/collectortest"
)

// Every protocol delivers traces and metrics, gzip-compressed, to a real
// OpenTelemetry Collector (OTELAGENT_OTELCOL, or built from tools/otelcol).
func TestTransportsRealCollector(t *testing.T) {
	if testing.Short() {
		t.Skip("real collector")
	}
	for _, proto := range []string{ProtocolHTTPProtobuf, ProtocolHTTPJSON, ProtocolGRPC} {
		t.Run(proto, func(t *testing.T) {
			c := collectortest.Start(t)
			tracesURL, metricsURL := c.Endpoint()+"/v1/traces", c.Endpoint()+"/v1/metrics"
			if proto == ProtocolGRPC {
				tracesURL, metricsURL = "http://"+c.GRPCEndpoint(), "http://"+c.GRPCEndpoint()
			}
			endpoint := func(url string) *Endpoint {
				return &Endpoint{Protocol: proto, URL: url, Timeout: 10 * time.Second, Compression: "gzip"}
			}
			d, err := NewDelivery(endpoint(tracesURL), endpoint(metricsURL), WithSpoolDir(filepath.Join(t.TempDir(), "s")))
			if err != nil {
				t.Fatal(err)
			}
			tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(NewSyncSpanProcessor(d.SpanExporter(), WithExportTimeout(10*time.Second))))
			mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewPeriodicReader(d.MetricExporter())))
			ctr, _ := mp.Meter("t").Int64Counter("otelagent.test.calls")
			for i := range 3 {
				_, s := tp.Tracer("t").Start(context.Background(), fmt.Sprintf("%s-%d", proto, i))
				s.End()
				ctr.Add(context.Background(), 1)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			_ = mp.Shutdown(ctx)
			_ = tp.Shutdown(ctx)
			_ = d.Shutdown(ctx)
			st := d.Stats()
			if st.Traces.Exported != 3 || st.Metrics.Exported != 1 || st.Traces.Pending+st.Metrics.Pending != 0 {
				t.Fatalf("stats %+v", st)
			}
			names := map[string]bool{}
			for _, s := range c.Traces() {
				names[s.Name] = true
			}
			for i := range 3 {
				if !names[fmt.Sprintf("%s-%d", proto, i)] {
					t.Errorf("span %d missing at the collector: %v", i, names)
				}
			}
			var total int64 = -1
			for _, m := range c.Metrics() {
				if m.Name == "otelagent.test.calls" && len(m.Points) == 1 {
					total = m.Points[0].Int
				}
			}
			if total != 3 {
				t.Errorf("counter at the collector: %d, want 3", total)
			}
		})
	}
}
