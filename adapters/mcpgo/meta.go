package otelmcpgo

import (
	"maps"

	"github.com/mark3labs/mcp-go/mcp"
	"go.opentelemetry.io/otel/propagation"
)

// metaCarrier lets a propagator read and write the fields of an MCP
// request's _meta, where SEP-414 puts traceparent, tracestate and baggage.
// Values that arrived as anything but a string are not trace context and
// are ignored.
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

// fields returns the _meta fields of meta, which may be nil.
func fields(meta *mcp.Meta) map[string]any {
	if meta == nil {
		return nil
	}
	return meta.AdditionalFields
}

// cloneMeta returns a copy of meta, which may be nil, that can be written
// without changing the caller's.
func cloneMeta(meta *mcp.Meta) *mcp.Meta {
	c := &mcp.Meta{}
	if meta != nil {
		*c = *meta
	}
	c.AdditionalFields = maps.Clone(c.AdditionalFields)
	if c.AdditionalFields == nil {
		c.AdditionalFields = make(map[string]any, 2)
	}
	return c
}
