package otelanthropic

import (
	"github.com/anthropics/anthropic-sdk-go/v2"

	"github.com/otelagent/otelagent-go/otelagent"
)

// The SDK's API error carries its HTTP status in a field: registered, it
// is classed by that status ("429") wherever a program records it
// (Session.End, ToolCall.End), not as "*apierror.Error".
func init() {
	otelagent.RegisterHTTPStatus(func(e *anthropic.Error) int { return e.StatusCode })
}
