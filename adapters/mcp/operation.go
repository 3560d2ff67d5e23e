package otelmcp

import (
	"context"
	"errors"
	"time"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/otelagent/otelagent-go/internal/mcpmeta"
	"github.com/otelagent/otelagent-go/otelagent"
)

// recordOperation records the request's duration on the MCP operation
// metric of side. It is deferred with pointers to the handler's results.
func recordOperation(ctx context.Context, cfg *mcpmeta.Config, side otelagent.MCPSide, method string, req mcp.Request, start time.Time, res *mcp.Result, err *error) {
	cfg.TelemetryFor(ctx).RecordMCPOperation(ctx, otelagent.MCPOperation{
		Side:     side,
		Method:   method,
		ToolName: toolName(req, *err),
	}, time.Since(start), classify(*res, *err))
}

// toolName is the tool a tools/call names, unless the call failed as a
// protocol error: a server sees names a client made up (an unknown tool is
// -32602), and a metric must not grow a series for each.
func toolName(req mcp.Request, err error) string {
	if req == nil {
		return ""
	}
	var wire *jsonrpc.Error
	if errors.As(err, &wire) {
		return ""
	}
	switch p := req.GetParams().(type) {
	case *mcp.CallToolParams:
		if p != nil {
			return p.Name
		}
	case *mcp.CallToolParamsRaw:
		if p != nil {
			return p.Name
		}
	}
	return ""
}
