// Package mcpmeta carries trace context in the _meta of MCP requests,
// where SEP-414 puts traceparent, tracestate and baggage, and holds the
// configuration the MCP adapters share: the Telemetry their tool calls are
// recorded with and the propagator that writes and reads _meta.
package mcpmeta

import "go.opentelemetry.io/otel/propagation"

// Carrier lets a propagator read and write the _meta map of an MCP
// request. Values that arrived as anything but a string are not trace
// context and are ignored.
type Carrier map[string]any

var _ propagation.TextMapCarrier = Carrier(nil)

// Get returns the string value of key, or "".
func (m Carrier) Get(key string) string {
	s, _ := m[key].(string)
	return s
}

// Set sets key to value.
func (m Carrier) Set(key, value string) { m[key] = value }

// Keys returns the keys whose values are strings.
func (m Carrier) Keys() []string {
	keys := make([]string, 0, len(m))
	for k, v := range m {
		if _, ok := v.(string); ok {
			keys = append(keys, k)
		}
	}
	return keys
}
