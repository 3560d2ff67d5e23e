package otelopenai

import "testing"

// A body costs the strings it reports, and a stream chunk whose id and
// model were seen nothing but its finish reasons: json.Unmarshal cost
// about 12 allocations each.
func TestParsePayloadAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector drops json.Valid's pooled scanner at random")
	}
	const (
		body     = `{"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4o-2024-08-06","choices":[{"index":0,"message":{"role":"assistant","content":"canary-response"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1117,"completion_tokens":46,"prompt_tokens_details":{"cached_tokens":1024}}}`
		response = `{"type":"response.completed","response":{"id":"resp_1","status":"completed","model":"gpt-5-2025-08-07","output":[{"content":[{"text":"canary-response"}]}],"usage":{"input_tokens":7,"output_tokens":3}}}`
		chunk    = `{"id":"chatcmpl-1","object":"chat.completion.chunk","model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{"content":"canary-response"},"finish_reason":null}],"usage":null}`
	)
	for _, tt := range []struct {
		name string
		data string
		seen []string
		max  float64
	}{
		{"chat completion", body, nil, 3},                                // id, model, finish reasons
		{"response", response, nil, 2},                                   // id, model; the status is a constant
		{"chunk", chunk, []string{"chatcmpl-1", "gpt-4o-2024-08-06"}, 0}, // id and model seen
	} {
		data := []byte(tt.data)
		var r report
		allocs := testing.AllocsPerRun(100, func() { r = parsePayload(data, tt.seen...) })
		if r.model == "" || r.id == "" {
			t.Fatalf("%s: %+v, want its id and model", tt.name, r)
		}
		if allocs > tt.max {
			t.Errorf("%s: %v allocations, want at most %v", tt.name, allocs, tt.max)
		}
	}
}
