package otelagent

import (
	"context"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/otelagent/otelagent-go/internal/names"
	"github.com/otelagent/otelagent-go/semconv"
)

// MCPSide is the end of an MCP connection that observed an operation.
type MCPSide int

const (
	// MCPClient is the end that sent the request.
	MCPClient MCPSide = iota
	// MCPServer is the end that received it.
	MCPServer
)

// MCPOperation describes one MCP request or notification.
type MCPOperation struct {
	Side MCPSide
	// Method is the JSON-RPC method ("tools/call"). It comes from the other
	// end of the connection, so a method the MCP specification does not
	// define is recorded as "_OTHER".
	Method string
	// ToolName is the tool of a tools/call, and is ignored otherwise. It
	// often comes from the other end too: one that is not a valid tool name
	// is recorded as "_OTHER".
	ToolName string
}

// RecordMCPOperation records how long an MCP request or notification took,
// as seen by op.Side, on mcp.client.operation.duration or
// mcp.server.operation.duration; err is its outcome, recorded as error.type.
// It records no span: a tool call's span is StartToolCall's. The MCP
// adapters call it for every request they see.
func (t *Telemetry) RecordMCPOperation(ctx context.Context, op MCPOperation, duration time.Duration, err error) {
	_, inst := t.active()
	if inst == nil {
		return
	}
	g := &t.guard
	method := semconv.MCPMethod(op.Method)
	attrs := make([]attribute.KeyValue, 0, 4)
	attrs = append(attrs, semconv.MCPMethodNameKey.String(method))
	if method == semconv.MCPMethodToolsCall {
		attrs = append(attrs, semconv.GenAIOperationNameKey.String(semconv.OperationExecuteTool))
		attrs = appendNonEmpty(attrs, semconv.GenAIToolNameKey, g.metricName(names.Tool, g.name(names.Tool, op.ToolName)))
	}
	attrs = appendNonEmpty(attrs, semconv.ErrorTypeKey, g.metricName(names.ErrorClass, g.errorType(err)))
	hist := inst.mcpClient
	if op.Side == MCPServer {
		hist = inst.mcpServer
	}
	hist.Record(ctx, max(duration, 0).Seconds(), metric.WithAttributes(attrs...))
}
