package otelanthropic

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
)

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
		if got := hasObject([]byte(tt.data), "usage"); got != tt.want {
			t.Errorf("hasObject(%s) = %v, want %v", tt.data, got, tt.want)
		}
	}
}

func TestReadRequestKeepsBody(t *testing.T) {
	body := `{"model":"claude-sonnet-4-5","stream":true,"messages":[{"role":"user","content":"hi"}]}`
	req, err := http.NewRequest(http.MethodPost, "http://127.0.0.1/v1/messages", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	got := readRequest(req)
	if got.Model != "claude-sonnet-4-5" || !got.Stream {
		t.Errorf("readRequest = %+v", got)
	}
	for _, rc := range []func() (io.ReadCloser, error){func() (io.ReadCloser, error) { return req.Body, nil }, req.GetBody} {
		r, _ := rc()
		b, _ := io.ReadAll(r)
		if !bytes.Equal(b, []byte(body)) {
			t.Errorf("body after readRequest = %s, want it unchanged", b)
		}
	}
}
