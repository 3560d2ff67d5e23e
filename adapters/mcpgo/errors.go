package otelmcpgo

import (
	"errors"
	"strconv"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// errToolResult stands for a tool result with isError set: the tool ran and
// reported a failure, and its message (the result's content) is content.
var errToolResult = otelagent.WithErrorType(errors.New("otelmcpgo: tool result has isError set"), semconv.ErrorTypeToolError)

// protocolErrors are the errors mcp-go's client turns JSON-RPC error
// responses into, with their codes: the MCP conventions set error.type to
// the code.
var protocolErrors = []struct {
	err  error
	code int
}{
	{mcp.ErrParseError, mcp.PARSE_ERROR},
	{mcp.ErrInvalidRequest, mcp.INVALID_REQUEST},
	{mcp.ErrMethodNotFound, mcp.METHOD_NOT_FOUND},
	{mcp.ErrInvalidParams, mcp.INVALID_PARAMS},
	{mcp.ErrInternalError, mcp.INTERNAL_ERROR},
	{mcp.ErrRequestInterrupted, mcp.REQUEST_INTERRUPTED},
	{mcp.ErrResourceNotFound, mcp.RESOURCE_NOT_FOUND},
}

// classify returns the error a tool call ends with: err itself, classed by
// its JSON-RPC code when it is a protocol error, or errToolResult when the
// result reports a failure.
func classify(res *mcp.CallToolResult, err error) error {
	if err != nil {
		for _, p := range protocolErrors {
			if errors.Is(err, p.err) {
				return otelagent.WithErrorType(err, strconv.Itoa(p.code))
			}
		}
		return err
	}
	if res != nil && res.IsError {
		return errToolResult
	}
	return nil
}

// end ends call with the outcome of a tools/call: a protocol error's
// JSON-RPC code is rpc.response.status_code and error.type.
func end(call *otelagent.MCPCall, res *mcp.CallToolResult, err error) error {
	setCode(call, err)
	outcome := classify(res, err)
	call.End(outcome)
	return outcome
}

// endRequest ends call with the outcome of a request other than a
// tools/call, as end does.
func endRequest(call *otelagent.MCPCall, err error) {
	setCode(call, err)
	call.End(classify(nil, err))
}

// setCode records on call the JSON-RPC code of err, a protocol error
// mcp-go's client returned.
func setCode(call *otelagent.MCPCall, err error) {
	if err == nil {
		return
	}
	for _, p := range protocolErrors {
		if errors.Is(err, p.err) {
			call.SetErrorCode(int64(p.code))
			return
		}
	}
}
