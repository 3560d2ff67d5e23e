package otelmcpgo

import (
	"context"

	"github.com/mark3labs/mcp-go/mcp"
)

// fields returns the _meta fields of meta, which may be nil.
func fields(meta *mcp.Meta) map[string]any {
	if meta == nil {
		return nil
	}
	return meta.AdditionalFields
}

// withTraceContext returns a copy of meta, which may be nil, with the trace
// context of ctx in its fields: the caller's _meta is not written.
func (c *config) withTraceContext(ctx context.Context, meta *mcp.Meta) *mcp.Meta {
	sent := &mcp.Meta{}
	if meta != nil {
		*sent = *meta
	}
	sent.AdditionalFields = c.Inject(ctx, sent.AdditionalFields)
	return sent
}
