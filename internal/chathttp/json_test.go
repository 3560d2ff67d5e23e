package chathttp

import "testing"

func TestHasObject(t *testing.T) {
	tests := []struct {
		data string
		want bool
	}{
		{`{"usage":{"prompt_tokens":1}}`, true},
		{`{"usage": {"prompt_tokens":1}}`, true},
		{`{"usage":null}`, false},
		{`{"content":"say \"usage\":{ now","usage":null}`, false},
		{`{"a":{"usage":null},"usage":{}}`, true},
		{`{}`, false},
	}
	for _, tt := range tests {
		if got := HasObject([]byte(tt.data), "usage"); got != tt.want {
			t.Errorf("HasObject(%s) = %v, want %v", tt.data, got, tt.want)
		}
	}
}
