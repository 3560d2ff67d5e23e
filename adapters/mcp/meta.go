package otelmcp

import "go.opentelemetry.io/otel/propagation"

// metaCarrier lets a propagator read and write the _meta map of an MCP
// request, where SEP-414 puts traceparent, tracestate and baggage. Values
// that arrived as anything but a string are not trace context and are
// ignored.
type metaCarrier map[string]any

var _ propagation.TextMapCarrier = metaCarrier(nil)

func (m metaCarrier) Get(key string) string {
	s, _ := m[key].(string)
	return s
}

func (m metaCarrier) Set(key, value string) { m[key] = value }

func (m metaCarrier) Keys() []string {
	keys := make([]string, 0, len(m))
	for k, v := range m {
		if _, ok := v.(string); ok {
			keys = append(keys, k)
		}
	}
	return keys
}
