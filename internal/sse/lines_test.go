package sse

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestLineBodyEvents(t *testing.T) {
	big := strings.Repeat("x", maxEventSize+1)
	tests := []struct {
		name   string
		stream string
		want   []string
	}{
		{"lines", "{\"a\":1}\n{\"b\":2}\n", []string{`{"a":1}`, `{"b":2}`}},
		{"CRLF lines", "a\r\nb\r\n", []string{"a", "b"}},
		{"blank lines skipped", "\n\na\n\n", []string{"a"}},
		{"last line without newline", "a\nb", []string{"a", "b"}},
		{"data: prefix is data", "data: a\n", []string{"data: a"}},
		{"oversized line skipped", big + "\nafter\n", []string{"after"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			ended := 0
			b := NewLineBody(io.NopCloser(iotest.HalfReader(strings.NewReader(tt.stream))),
				func(d []byte) { got = append(got, string(d)) },
				func(err error) {
					ended++
					if err != nil {
						t.Errorf("end(%v), want end(nil)", err)
					}
				})
			out, err := io.ReadAll(b)
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != tt.stream {
				t.Errorf("the reader changed the stream")
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("events = %.80q, want %.80q", got, tt.want)
			}
			_ = b.Close()
			if ended != 1 {
				t.Errorf("end called %d times, want once", ended)
			}
		})
	}
}

func TestLineBodyReadError(t *testing.T) {
	broken := errors.New("connection reset")
	var got []string
	var endErr error
	b := NewLineBody(io.NopCloser(io.MultiReader(strings.NewReader("a\nb"), iotest.ErrReader(broken))),
		func(d []byte) { got = append(got, string(d)) },
		func(err error) { endErr = err })
	if _, err := io.ReadAll(b); !errors.Is(err, broken) {
		t.Fatalf("ReadAll error = %v, want %v", err, broken)
	}
	// The incomplete line "b" is not an event: the stream broke inside it.
	if len(got) != 1 || got[0] != "a" || !errors.Is(endErr, broken) {
		t.Errorf("events %q, end(%v); want [a] and end(%v)", got, endErr, broken)
	}
}
