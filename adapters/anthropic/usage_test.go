package otelanthropic

import (
	"testing"

	"github.com/otelagent/otelagent-go/otelagent"
)

func TestTallyOverStreamEvents(t *testing.T) {
	tests := []struct {
		name   string
		events []string
		want   otelagent.Usage
	}{
		{
			name: "delta with output only",
			events: []string{
				`{"type":"message_start","message":{"model":"m","usage":{"input_tokens":10,"cache_creation_input_tokens":5,"cache_read_input_tokens":100,"output_tokens":1}}}`,
				`{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":42}}`,
			},
			want: otelagent.Usage{InputTokens: 115, OutputTokens: 42, CacheReadInputTokens: 100, CacheCreationInputTokens: 5},
		},
		{
			name: "delta with cumulative counts",
			events: []string{
				`{"type":"message_start","message":{"model":"m","usage":{"input_tokens":10,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}}`,
				`{"type":"message_delta","delta":{},"usage":{"input_tokens":12,"cache_creation_input_tokens":null,"cache_read_input_tokens":300,"output_tokens":42,"output_tokens_details":{"thinking_tokens":30}}}`,
			},
			want: otelagent.Usage{InputTokens: 312, OutputTokens: 42, CacheReadInputTokens: 300, ReasoningOutputTokens: 30},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var u tally
			for _, e := range tt.events {
				if ev := parsePayload([]byte(e)); ev.usage != nil {
					u.add(ev.usage)
				}
			}
			if got := u.toOtelagent(); got != tt.want {
				t.Errorf("usage = %+v, want %+v", got, tt.want)
			}
		})
	}
}
