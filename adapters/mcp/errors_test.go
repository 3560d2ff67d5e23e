package otelmcp

import (
	"context"
	"errors"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/otelagent/otelagent-go/otelagent"
)

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		name string
		res  mcp.Result
		err  error
		want string
	}{
		{name: "success", res: &mcp.CallToolResult{}},
		{name: "nil result", res: (*mcp.CallToolResult)(nil)},
		{name: "isError result", res: &mcp.CallToolResult{IsError: true}, want: "tool_error"},
		{name: "json-rpc error", err: &jsonrpc.Error{Code: jsonrpc.CodeInvalidParams, Message: "secret"}, want: "-32602"},
		{name: "wrapped json-rpc error", err: errors.Join(errors.New("calling"), &jsonrpc.Error{Code: -32001}), want: "-32001"},
		{name: "deadline", err: context.DeadlineExceeded, want: "timeout"},
		{name: "other", err: errors.New("boom"), want: "_OTHER"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := otelagent.ErrorType(classify(tc.res, tc.err)); got != tc.want {
				t.Errorf("ErrorType(classify(%v, %v)) = %q, want %q", tc.res, tc.err, got, tc.want)
			}
		})
	}
}
