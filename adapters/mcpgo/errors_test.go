package otelmcpgo

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"

	"github.com/otelagent/otelagent-go/otelagent"
)

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		name string
		res  *mcp.CallToolResult
		err  error
		want string
	}{
		{name: "success", res: mcp.NewToolResultText("ok")},
		{name: "nil result"},
		{name: "isError result", res: mcp.NewToolResultError("secret"), want: "tool_error"},
		{name: "invalid params", err: fmt.Errorf("%w: secret", mcp.ErrInvalidParams), want: "-32602"},
		{name: "internal error", err: fmt.Errorf("%w: secret", mcp.ErrInternalError), want: "-32603"},
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
