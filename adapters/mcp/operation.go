package otelmcp

import (
	"errors"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/otelagent/otelagent-go/otelagent"
)

// mcpRequest describes req, sent or handled by side, for its span: its
// method, the tool of a tools/call (tool), and what its session says.
func mcpRequest(side otelagent.MCPSide, method string, req mcp.Request, tool string) otelagent.MCPRequest {
	r := otelagent.MCPRequest{Side: side, Method: method, ToolName: tool}
	if req == nil {
		return r
	}
	switch s := req.GetSession().(type) {
	case *mcp.ClientSession:
		if s != nil {
			r.SessionID = s.ID()
			if res := s.InitializeResult(); res != nil {
				r.ProtocolVersion = res.ProtocolVersion
			}
		}
	case *mcp.ServerSession:
		if s != nil {
			r.SessionID = s.ID()
			if p := s.InitializeParams(); p != nil {
				r.ProtocolVersion = p.ProtocolVersion
			}
		}
	}
	return r
}

// end ends call with the request's outcome: a JSON-RPC error's code is
// rpc.response.status_code and error.type; a result with isError is
// "tool_error".
func end(call *otelagent.MCPCall, res mcp.Result, err error) {
	var wire *jsonrpc.Error
	if errors.As(err, &wire) {
		call.SetErrorCode(wire.Code)
	}
	call.End(classify(res, err))
}
