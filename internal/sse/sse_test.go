package sse

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestBodyEvents(t *testing.T) {
	big := strings.Repeat("x", maxEventSize)
	tests := []struct {
		name   string
		stream string
		want   []string
	}{
		{"one event", "data: {\"a\":1}\n\n", []string{`{"a":1}`}},
		{"event and id fields ignored", "event: e\nid: 7\n: comment\ndata: x\n\n", []string{"x"}},
		{"CRLF lines", "data: a\r\n\r\ndata: b\r\n\r\n", []string{"a", "b"}},
		{"multi-line data", "data: a\ndata: b\n\n", []string{"a\nb"}},
		{"no space after colon", "data:a\n\n", []string{"a"}},
		{"last event without blank line", "data: a\n\ndata: b", []string{"a", "b"}},
		{"blank lines only", "\n\n\n", nil},
		{"oversized event skipped", "data: " + big + "\n\ndata: after\n\n", []string{"after"}},
		{"oversized line across data lines", "data: " + big[:maxEventSize/2] + "\ndata: " + big[:maxEventSize/2] + "\n\ndata: after\n\n", []string{"after"}},
	}
	// Each stream read in pieces (half of what each read asks for) and
	// whole, as one-line events usually come, dispatched without a copy.
	readers := map[string]func(string) io.Reader{
		"half":  func(s string) io.Reader { return iotest.HalfReader(strings.NewReader(s)) },
		"whole": func(s string) io.Reader { return strings.NewReader(s) },
	}
	for _, tt := range tests {
		for how, reader := range readers {
			t.Run(tt.name+"/"+how, func(t *testing.T) {
				var got []string
				ended := 0
				var endErr error
				b := NewBody(io.NopCloser(reader(tt.stream)),
					func(d []byte) { got = append(got, string(d)) },
					func(err error) { ended++; endErr = err })
				out, err := io.ReadAll(b)
				if err != nil {
					t.Fatal(err)
				}
				if string(out) != tt.stream {
					t.Errorf("the reader changed the stream")
				}
				if len(got) != len(tt.want) {
					t.Fatalf("events = %d %.80q, want %q", len(got), got, tt.want)
				}
				for i := range got {
					if got[i] != tt.want[i] {
						t.Errorf("event %d = %.80q, want %q", i, got[i], tt.want[i])
					}
				}
				_ = b.Close()
				if ended != 1 || endErr != nil {
					t.Errorf("end called %d times with %v, want once with nil", ended, endErr)
				}
			})
		}
	}
}

// One-line events that a read holds whole, each with its blank line, are
// dispatched from the reader's buffer: no allocation but the body's.
func TestBodyEventsWithoutCopy(t *testing.T) {
	stream := strings.Repeat(`data: {"id":"chatcmpl-1","choices":[{"delta":{"content":"x"}}]}`+"\n\n", 20)
	buf := make([]byte, 2*len(stream))
	r := strings.NewReader(stream)
	events := 0
	onEvent := func([]byte) { events++ }
	end := func(error) {}
	allocs := testing.AllocsPerRun(100, func() {
		r.Reset(stream)
		b := NewBody(io.NopCloser(r), onEvent, end)
		_, _ = b.Read(buf)
	})
	if events != 20*101 {
		t.Fatalf("%d events, want %d", events, 20*101)
	}
	// NewBody's body and the NopCloser; a copy of the data was one more.
	if allocs > 2 {
		t.Errorf("%v allocations, want at most 2", allocs)
	}
}

func TestBodyOneByteAtATime(t *testing.T) {
	stream := "data: {\"model\":\"m\"}\r\n\r\ndata: [DONE]\n\n"
	var got []string
	b := NewBody(io.NopCloser(iotest.OneByteReader(strings.NewReader(stream))),
		func(d []byte) { got = append(got, string(d)) }, func(error) {})
	if _, err := io.Copy(io.Discard, b); err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, "|") != `{"model":"m"}|[DONE]` {
		t.Errorf("events = %q", got)
	}
}

func TestBodyReadError(t *testing.T) {
	boom := errors.New("connection reset")
	var endErr error
	ended := 0
	b := NewBody(io.NopCloser(io.MultiReader(strings.NewReader("data: a\n"), iotest.ErrReader(boom))),
		func([]byte) {}, func(err error) { ended++; endErr = err })
	_, err := io.ReadAll(b)
	if !errors.Is(err, boom) {
		t.Fatalf("ReadAll error = %v, want the underlying error", err)
	}
	_ = b.Close()
	if ended != 1 || !errors.Is(endErr, boom) {
		t.Errorf("end called %d times with %v, want once with the read error", ended, endErr)
	}
}
