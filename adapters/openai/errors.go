package otelopenai

import (
	"github.com/openai/openai-go/v3"

	"github.com/otelagent/otelagent-go/otelagent"
)

// The SDK's API error carries its HTTP status in a field: registered, it
// is classed by that status ("429") wherever a program records it
// (Session.End, ToolCall.End), not as "*apierror.Error".
func init() {
	otelagent.RegisterHTTPStatus(func(e *openai.Error) int { return e.StatusCode })
}
