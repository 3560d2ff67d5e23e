package otelbedrock

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/otelagent/otelagent-go/otelagent"
)

// With telemetry off, the middleware touches nothing: the SDK reads the
// transport's own response body, not an observer.
func TestOffTouchesNothing(t *testing.T) {
	off := otelagent.New(otelagent.WithTracerProvider(tracenoop.NewTracerProvider()),
		otelagent.WithMeterProvider(metricnoop.NewMeterProvider()))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/vnd.amazon.eventstream")
		w.WriteHeader(http.StatusOK) // an empty stream
	}))
	defer srv.Close()

	for _, tt := range []struct {
		name string
		tel  *otelagent.Telemetry
		want bool
	}{{"off", off, false}, {"on", otelagent.New(otelagent.WithTracerProvider(sdkTracerProvider(t))), true}} {
		t.Run(tt.name, func(t *testing.T) {
			var observed *bool
			spy := middleware.DeserializeMiddlewareFunc("spy", func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
				out, md, err := next.HandleDeserialize(ctx, in)
				if resp, ok := out.RawResponse.(*smithyhttp.Response); ok {
					_, wrapped := resp.Body.(*streamBody)
					observed = &wrapped
				}
				return out, md, err
			})
			client := bedrockruntime.New(bedrockruntime.Options{
				Region:       "us-east-1",
				BaseEndpoint: aws.String(srv.URL),
				HTTPClient:   srv.Client(),
				Retryer:      aws.NopRetryer{},
				Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
					return aws.Credentials{AccessKeyID: "AKIAOFFTEST000000000", SecretAccessKey: "off"}, nil
				}),
			}, ClientOption(WithTelemetry(tt.tel)), func(o *bedrockruntime.Options) {
				o.APIOptions = append(o.APIOptions, func(s *middleware.Stack) error {
					// Right outside the adapter's response middleware.
					return s.Deserialize.Insert(spy, "otelbedrock.Response", middleware.Before)
				})
			})
			out, err := client.ConverseStream(context.Background(), &bedrockruntime.ConverseStreamInput{ModelId: aws.String("anthropic.claude-3-haiku-20240307-v1:0")})
			if err != nil {
				t.Fatal(err)
			}
			_ = out.GetStream().Close()
			if observed == nil {
				t.Fatal("the spy saw no response")
			}
			if *observed != tt.want {
				t.Errorf("body observed: %v, want %v", *observed, tt.want)
			}
		})
	}
}
