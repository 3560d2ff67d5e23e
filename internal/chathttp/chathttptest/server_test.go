package chathttptest

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestServerReplaysInOrder(t *testing.T) {
	s := NewServer(t,
		Reply{Status: 429, Header: map[string]string{"Retry-After": "1"}, Body: `{"error":1}`},
		Reply{Status: 200, Events: []string{"data: a\n\n", "data: b\n\n"}},
	)
	want := []struct {
		status      int
		contentType string
		body        string
	}{
		{429, "application/json", `{"error":1}`},
		{200, "text/event-stream; charset=utf-8", "data: a\n\ndata: b\n\n"},
		{200, "text/event-stream; charset=utf-8", "data: a\n\ndata: b\n\n"}, // the last reply again
	}
	for i, w := range want {
		req, err := http.NewRequest(http.MethodPost, s.URL+"/v1/x", strings.NewReader("req"+string(rune('0'+i))))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("X-Api-Key", "key")
		resp, err := s.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if resp.StatusCode != w.status || resp.Header.Get("Content-Type") != w.contentType || string(body) != w.body {
			t.Errorf("reply %d = %d %q %q, want %d %q %q", i, resp.StatusCode, resp.Header.Get("Content-Type"), body, w.status, w.contentType, w.body)
		}
	}
	got := s.Requests()
	if len(got) != 3 || got[2].Method != http.MethodPost || got[2].Path != "/v1/x" || got[2].Auth != "key" || string(got[2].Body) != "req2" {
		t.Errorf("requests = %+v, want the three sent", got)
	}
}

func TestServerAbort(t *testing.T) {
	s := NewServer(t, Reply{Status: 200, Events: []string{"data: a\n\n"}, Abort: true})
	resp, err := s.Client().Get(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if _, err := io.ReadAll(resp.Body); err == nil {
		t.Error("read a dropped stream to its end without an error")
	}
}
