package chathttp

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestReadRequestKeepsBody(t *testing.T) {
	body := `{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"hi"}]}`
	req, err := http.NewRequest(http.MethodPost, "http://127.0.0.1/v1/chat/completions", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	got := readRequest(req)
	if got.Model != "gpt-4o" || !got.Stream {
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
