package otelagent

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

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
	inst := t.activeMetrics()
	if inst == nil {
		return
	}
	g := &t.guard
	method := semconv.MCPMethod(op.Method)
	k := mcpKey{side: op.Side, method: method, errType: g.metricName(names.ErrorClass, g.errorType(err))}
	if method == semconv.MCPMethodToolsCall {
		k.tool = g.metricToolName(op.ToolName)
	}
	hist := inst.mcpClient
	if op.Side == MCPServer {
		hist = inst.mcpServer
	}
	hist.Record(ctx, max(duration, 0).Seconds(), g.mcpOption(k).record...)
}

// mcpKey is the metric attributes of an MCP operation: everything they
// depend on, the side included (it names the metric, whose schema filter
// may differ).
type mcpKey struct {
	side                                  MCPSide
	method, tool, version, trans, errType string
	code                                  bool // a JSON-RPC error: errType is its code
}

// mcpOption returns the MCP operation duration metric's attributes for k,
// whose values went through metricName.
func (g *nameGuard) mcpOption(k mcpKey) measureOpts {
	if o, ok := g.mcpOpts.get(k); ok {
		return o
	}
	name := semconv.MCPClientOperationDurationName
	if k.side == MCPServer {
		name = semconv.MCPServerOperationDurationName
	}
	attrs := make([]attribute.KeyValue, 0, 7)
	attrs = append(attrs, semconv.MCPMethodNameKey.String(k.method))
	if k.method == semconv.MCPMethodToolsCall {
		attrs = append(attrs, semconv.GenAIOperationNameKey.String(semconv.OperationExecuteTool))
		attrs = appendNonEmpty(attrs, semconv.GenAIToolNameKey, k.tool)
	}
	attrs = appendNonEmpty(attrs, semconv.MCPProtocolVersionKey, k.version)
	attrs = appendNonEmpty(attrs, semconv.NetworkTransportKey, k.trans)
	if k.code {
		attrs = append(attrs, semconv.RPCResponseStatusCodeKey.String(k.errType))
	}
	attrs = appendNonEmpty(attrs, semconv.ErrorTypeKey, k.errType)
	o := newMeasureOpts(g.cat.FilterMetric(name, attrs)...)
	g.mcpOpts.add(k, o, g.limit)
	return o
}

// MCPRequest describes one MCP request or notification for its span. Every
// field but Side and Method is optional. None may hold the request's
// arguments or result (see MCPCall.CaptureContent).
type MCPRequest struct {
	Side MCPSide
	// Method is the JSON-RPC method; one the MCP specification does not
	// define is "_OTHER".
	Method string
	// ToolName is the tool of a tools/call, ignored otherwise.
	ToolName string
	// ProtocolVersion is the negotiated MCP version ("2025-06-18").
	ProtocolVersion string
	// SessionID is the MCP session id (Mcp-Session-Id), held to the id
	// grammar. Spans only.
	SessionID string
	// RequestID is the JSON-RPC id of a request (not of a notification),
	// held to the id grammar. Spans only.
	RequestID string
	// Transport is semconv.NetworkTransportPipe for stdio, TCP for HTTP;
	// any other value is not recorded.
	Transport string
	// ServerAddress and ServerPort name the server, on the client side.
	ServerAddress string
	ServerPort    int
}

// MCPCall is an MCP request in progress: a "{method} {tool}" span, CLIENT
// on the side that sent it and SERVER on the side that handles it, as the
// MCP conventions define them. A nil *MCPCall is valid and records nothing.
//
// How it relates to execute_tool spans: the execute_tool span belongs where
// a tool runs. On the server side, start the tool's execution with
// StartToolCall inside the MCP SERVER span's context. On the client side, an
// agent that traces the tool call itself (StartToolCall) gets the MCP CLIENT
// span as its child; when there is no tool call in the context, the CLIENT
// span of a tools/call (with gen_ai.operation.name execute_tool) stands for
// the tool call: End counts it in the session and records
// gen_ai.execute_tool.duration, so no tool call is lost or counted twice.
type MCPCall struct {
	t       *Telemetry
	ctx     context.Context
	span    trace.Span
	inst    *instruments
	side    MCPSide
	method  string
	tool    string
	version string
	trans   string
	start   time.Time
	asTool  *ToolCall // the tool call this request stands for, or nil

	mu    sync.Mutex
	code  string // the JSON-RPC error code, if any
	ended atomic.Bool
}

type toolCallKey struct{}

// StartMCPRequest starts the span of an MCP request or notification, as a
// child of the span in ctx. End it with End.
func (t *Telemetry) StartMCPRequest(ctx context.Context, req MCPRequest) (context.Context, *MCPCall) {
	tracer, inst := t.active()
	if tracer == nil && inst == nil {
		return ctx, nil
	}
	g := &t.guard
	c := &MCPCall{t: t, inst: inst, side: req.Side, method: semconv.MCPMethod(req.Method), start: time.Now()}
	if c.method == semconv.MCPMethodToolsCall {
		c.tool = g.name(names.Tool, req.ToolName)
	}
	c.version = g.name(names.Model, req.ProtocolVersion)
	if semconv.IsNetworkTransport(req.Transport) {
		c.trans = req.Transport
	}
	outer, _ := ctx.Value(toolCallKey{}).(*ToolCall)
	if req.Side == MCPClient && c.method == semconv.MCPMethodToolsCall && (outer == nil || outer.ended.Load()) {
		c.asTool = &ToolCall{tool: Tool{Name: c.tool}, t: t, session: SessionFromContext(ctx), inst: inst, start: c.start}
	}
	spanType, kind := semconv.SpanTypeMCPClient, trace.SpanKindClient
	if req.Side == MCPServer {
		spanType, kind = semconv.SpanTypeMCPServer, trace.SpanKindServer
	}
	if tracer != nil {
		attrs := make([]attribute.KeyValue, 0, 10)
		attrs = append(attrs, semconv.MCPMethodNameKey.String(c.method))
		if c.method == semconv.MCPMethodToolsCall {
			attrs = append(attrs, semconv.GenAIOperationNameKey.String(semconv.OperationExecuteTool))
			attrs = appendNonEmpty(attrs, semconv.GenAIToolNameKey, c.tool)
		}
		attrs = appendNonEmpty(attrs, semconv.MCPProtocolVersionKey, c.version)
		attrs = appendNonEmpty(attrs, semconv.MCPSessionIDKey, g.sessionID(req.SessionID))
		attrs = appendNonEmpty(attrs, semconv.JSONRPCRequestIDKey, g.name(names.ID, req.RequestID))
		attrs = appendNonEmpty(attrs, semconv.NetworkTransportKey, c.trans)
		if validHost(req.ServerAddress) {
			attrs = appendServer(attrs, req.ServerAddress, req.ServerPort)
		}
		ctx, c.span = tracer.Start(ctx, semconv.SpanNameMCP(c.method, c.tool),
			trace.WithSpanKind(kind),
			trace.WithAttributes(t.spanAttrs(spanType, attrs)...))
	}
	c.ctx = ctx
	return ctx, c
}

// SetErrorCode records the JSON-RPC error code of the response
// (rpc.response.status_code), which End then also records as error.type,
// as the MCP conventions say.
func (c *MCPCall) SetErrorCode(code int64) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.code = strconv.FormatInt(code, 10)
	c.mu.Unlock()
}

// SetRequestID records the JSON-RPC id of the request (jsonrpc.request.id),
// held to the id grammar, when it was not known at StartMCPRequest: a
// client's connection numbers a request as it writes it, after the span
// started (its context travels in the request).
func (c *MCPCall) SetRequestID(id string) {
	if c == nil || c.span == nil {
		return
	}
	if id = c.t.guard.name(names.ID, id); id != "" {
		c.setSpanAttr(semconv.JSONRPCRequestIDKey.String(id))
	}
}

// SetTransport records the network.transport of the request (see
// MCPRequest.Transport) when it was not known at StartMCPRequest, on the
// span and on the operation duration End records.
func (c *MCPCall) SetTransport(transport string) {
	if c == nil || !semconv.IsNetworkTransport(transport) || c.ended.Load() {
		return
	}
	c.mu.Lock()
	c.trans = transport
	c.mu.Unlock()
	if c.span != nil {
		c.setSpanAttr(semconv.NetworkTransportKey.String(transport))
	}
}

// setSpanAttr sets kv on the span, if the schema's span carries it.
func (c *MCPCall) setSpanAttr(kv attribute.KeyValue) {
	spanType := semconv.SpanTypeMCPClient
	if c.side == MCPServer {
		spanType = semconv.SpanTypeMCPServer
	}
	c.span.SetAttributes(c.t.spanAttrs(spanType, []attribute.KeyValue{kv})...)
}

// CaptureContent records the tools/call arguments and result (JSON objects,
// as the conventions define them) on the span, only if the Telemetry was
// created WithContentCapture(true).
func (c *MCPCall) CaptureContent(arguments, result string) {
	if c == nil || c.span == nil || !c.t.cfg.captureContent {
		return
	}
	c.span.SetAttributes(
		semconv.GenAIToolCallArgumentsKey.String(arguments),
		semconv.GenAIToolCallResultKey.String(result),
	)
}

// End ends the request; err is its outcome (a CallToolResult with isError
// is WithErrorType(err, semconv.ErrorTypeToolError)). It records the span
// and mcp.client.operation.duration or mcp.server.operation.duration.
// Calls after the first do nothing.
func (c *MCPCall) End(err error) {
	if c == nil || !c.ended.CompareAndSwap(false, true) {
		return
	}
	c.mu.Lock()
	code, trans := c.code, c.trans
	c.mu.Unlock()

	g := &c.t.guard
	errType := g.errorType(err)
	if code != "" {
		errType = g.name(names.ErrorClass, code)
	}
	end := time.Now()
	if c.span != nil {
		if code != "" {
			c.span.SetAttributes(semconv.RPCResponseStatusCodeKey.String(code))
		}
		g.setError(c.span, errType)
		c.span.End(trace.WithTimestamp(end))
	}
	if c.inst != nil {
		hist := c.inst.mcpClient
		if c.side == MCPServer {
			hist = c.inst.mcpServer
		}
		k := mcpKey{
			side:    c.side,
			method:  c.method,
			version: g.metricName(names.Model, c.version),
			trans:   trans,
			errType: g.metricName(names.ErrorClass, errType),
			code:    code != "",
		}
		// A JSON-RPC error (an unknown tool is -32602) means the server did
		// not take the name: one a client made up must not grow a series.
		if c.method == semconv.MCPMethodToolsCall && code == "" {
			k.tool = g.metricName(names.Tool, c.tool)
		}
		hist.Record(c.ctx, end.Sub(c.start).Seconds(), g.mcpOption(k).record...)
	}
	if c.asTool != nil && c.asTool.ended.CompareAndSwap(false, true) {
		// No span: the CLIENT span above is this tool call's.
		c.asTool.ctx = c.ctx
		c.asTool.finish(err, end, nil)
	}
}

// MCPSessionInfo describes an MCP session (a connection, from initialize to
// close).
type MCPSessionInfo struct {
	Side            MCPSide
	ProtocolVersion string
	// Transport is semconv.NetworkTransportPipe or TCP (see MCPRequest).
	Transport string
}

// MCPSession is an MCP session in progress. It records no span (the
// conventions define none), only mcp.client.session.duration or
// mcp.server.session.duration at End. A nil *MCPSession is valid.
type MCPSession struct {
	t     *Telemetry
	inst  *instruments
	info  MCPSessionInfo
	start time.Time
	ended atomic.Bool
}

// StartMCPSession starts timing an MCP session. End it with End.
func (t *Telemetry) StartMCPSession(info MCPSessionInfo) *MCPSession {
	inst := t.activeMetrics()
	if inst == nil {
		return nil
	}
	info.ProtocolVersion = t.guard.name(names.Model, info.ProtocolVersion)
	if !semconv.IsNetworkTransport(info.Transport) {
		info.Transport = ""
	}
	return &MCPSession{t: t, inst: inst, info: info, start: time.Now()}
}

// SetProtocolVersion sets the version negotiated by initialize, which is
// known only after the session started.
func (s *MCPSession) SetProtocolVersion(v string) {
	if s == nil || s.ended.Load() {
		return
	}
	s.info.ProtocolVersion = s.t.guard.name(names.Model, v)
}

// End ends the session; err is why it ended, if it failed. Calls after the
// first do nothing.
func (s *MCPSession) End(err error) {
	if s == nil || !s.ended.CompareAndSwap(false, true) {
		return
	}
	g := &s.t.guard
	name, hist := semconv.MCPClientSessionDurationName, s.inst.mcpClientSess
	if s.info.Side == MCPServer {
		name, hist = semconv.MCPServerSessionDurationName, s.inst.mcpServerSess
	}
	attrs := make([]attribute.KeyValue, 0, 3)
	attrs = appendNonEmpty(attrs, semconv.MCPProtocolVersionKey, g.metricName(names.Model, s.info.ProtocolVersion))
	attrs = appendNonEmpty(attrs, semconv.NetworkTransportKey, s.info.Transport)
	attrs = appendNonEmpty(attrs, semconv.ErrorTypeKey, g.metricName(names.ErrorClass, g.errorType(err)))
	hist.Record(context.Background(), time.Since(s.start).Seconds(), metric.WithAttributes(s.t.metricAttrs(name, attrs)...))
}
