package otelmcp

import (
	"errors"
	"strconv"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// errToolResult stands for a tool result with isError set: the tool ran and
// reported a failure, and its message (the result's content) is content.
var errToolResult = otelagent.WithErrorType(errors.New("otelmcp: tool result has isError set"), semconv.ErrorTypeToolError)

const (
	methodCallTool   = "tools/call"
	methodListTools  = "tools/list"
	methodInitialize = "initialize"
	methodDiscover   = "server/discover"
)

// classify returns the error a tool call ends with: err itself, classed by
// its JSON-RPC code when it is a protocol error (as the MCP conventions
// set error.type), or errToolResult when the result reports a failure.
func classify(res mcp.Result, err error) error {
	if err != nil {
		var wire *jsonrpc.Error
		if errors.As(err, &wire) {
			return otelagent.WithErrorType(err, strconv.FormatInt(wire.Code, 10))
		}
		return err
	}
	if isErrorResult(res) {
		return errToolResult
	}
	return nil
}

func isErrorResult(res mcp.Result) bool {
	r, ok := res.(*mcp.CallToolResult)
	return ok && r != nil && r.IsError
}
