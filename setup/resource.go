package setup

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/resource"
	upstream "go.opentelemetry.io/otel/semconv/v1.41.0"
)

// newResource describes the service and the SDK, and what the user put in
// OTEL_RESOURCE_ATTRIBUTES, and nothing else: no host name, user name,
// process command line or path, which identify a person or their machine.
func newResource(ctx context.Context, serviceName, serviceVersion string) (*resource.Resource, error) {
	attrs := []attribute.KeyValue{upstream.ServiceName(serviceName)}
	if serviceVersion != "" {
		attrs = append(attrs, upstream.ServiceVersion(serviceVersion))
	}
	res, err := resource.New(ctx,
		resource.WithTelemetrySDK(),
		resource.WithFromEnv(),
		// Last, so service.name is the one serviceName resolved (it already
		// prefers OTEL_SERVICE_NAME).
		resource.WithAttributes(attrs...),
	)
	if err != nil && res == nil {
		res = resource.NewSchemaless(attrs...)
	}
	return res, err
}
