package otelanthropic

import (
	"testing"

	"github.com/otelagent/otelagent-go/internal/chathttp"
)

func TestRoute(t *testing.T) {
	for _, tt := range []struct {
		path string
		want chathttp.Call
		ok   bool
	}{
		{"/v1/messages", chathttp.Call{}, true},
		{"/v1/messages/count_tokens", chathttp.Call{}, false},
		{"/v1/messages/batches", chathttp.Call{}, false},
		{"/model/anthropic.claude-sonnet-4-5-20250929-v1:0/invoke", chathttp.Call{Model: "anthropic.claude-sonnet-4-5-20250929-v1:0"}, true},
		{"/model/us.anthropic.claude-haiku-4-5/invoke-with-response-stream", chathttp.Call{Model: "us.anthropic.claude-haiku-4-5", Stream: true}, true},
		{"/model//invoke", chathttp.Call{}, false},
		{"/model/x/converse", chathttp.Call{}, false},
		{"/v1/projects/p/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5:rawPredict", chathttp.Call{Model: "claude-sonnet-4-5"}, true},
		{"/v1/projects/p/locations/global/publishers/anthropic/models/claude-sonnet-4-5:streamRawPredict", chathttp.Call{Model: "claude-sonnet-4-5", Stream: true}, true},
		{"/v1/projects/p/locations/us-east5/publishers/anthropic/models/count-tokens:rawPredict", chathttp.Call{}, false},
		{"/v1/projects/p/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5:countTokens", chathttp.Call{}, false},
	} {
		got, ok := route(tt.path)
		if got != tt.want || ok != tt.ok {
			t.Errorf("route(%q) = %+v, %v; want %+v, %v", tt.path, got, ok, tt.want, tt.ok)
		}
	}
}
