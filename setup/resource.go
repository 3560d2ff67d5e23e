package setup

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/resource"
	upstream "go.opentelemetry.io/otel/semconv/v1.41.0"
)

// newResource describes the service and the SDK, and what the user put in
// OTEL_RESOURCE_ATTRIBUTES or WithResourceAttributes, and nothing else: no
// host name, user name, process command line or path, which identify a
// person or their machine. It reads no environment: resolve did.
func newResource(ctx context.Context, s settings) *resource.Resource {
	attrs := append([]attribute.KeyValue(nil), s.resource...)
	attrs = append(attrs, upstream.ServiceName(s.serviceName))
	if s.serviceVersion != "" {
		attrs = append(attrs, upstream.ServiceVersion(s.serviceVersion))
	}
	res, err := resource.New(ctx,
		resource.WithTelemetrySDK(),
		resource.WithAttributes(attrs...),
	)
	if err != nil || res == nil {
		return resource.NewSchemaless(attrs...)
	}
	return res
}

// parseResourceAttributes parses OTEL_RESOURCE_ATTRIBUTES: key=value pairs
// separated by commas, values percent-encoded. A malformed list is ignored
// as a whole, with one line: exporting half of what the user wrote could
// be the wrong half.
func parseResourceAttributes(value string) ([]attribute.KeyValue, error) {
	var attrs []attribute.KeyValue
	for i, pair := range strings.Split(value, ",") {
		if strings.TrimSpace(pair) == "" {
			continue
		}
		k, v, ok := strings.Cut(pair, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return nil, fmt.Errorf("otelagent: %s: entry %d is not key=value (write for example deployment.environment.name=prod,team=agents); ignored", envResourceAttrs, i+1)
		}
		dv, err := url.PathUnescape(strings.TrimSpace(v))
		if err != nil {
			return nil, fmt.Errorf("otelagent: %s: the value of %q is not percent-encoded (write %%2C for a comma, %%3D for '='); ignored", envResourceAttrs, k)
		}
		attrs = append(attrs, attribute.String(k, dv))
	}
	return attrs, nil
}

// mergeResource merges the environment's resource attributes with the
// program's, which win key by key, and leaves out service.name (resolved
// on its own). keys are the keys the privacy filter lets through on the
// resource.
func mergeResource(env, code []attribute.KeyValue) (attrs []attribute.KeyValue, keys []string) {
	index := map[attribute.Key]int{}
	for _, list := range [][]attribute.KeyValue{env, code} {
		for _, kv := range list {
			if kv.Key == upstream.ServiceNameKey || !kv.Valid() {
				continue
			}
			if i, seen := index[kv.Key]; seen {
				attrs[i] = kv
				continue
			}
			index[kv.Key] = len(attrs)
			attrs = append(attrs, kv)
			keys = append(keys, string(kv.Key))
		}
	}
	return attrs, keys
}
