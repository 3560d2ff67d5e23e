package chathttp

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"testing"
)

// A pooled body replays its bytes until closed; then its buffer goes back
// to the pool, and the body never reads another response's bytes from it.
func TestPooledBody(t *testing.T) {
	const first, second = `{"model":"first"}`, `{"model":"second","canary":"another response"}`
	read := func(s string) *bytes.Buffer {
		buf := getBuffer()
		if _, err := buf.ReadFrom(strings.NewReader(s)); err != nil {
			t.Fatal(err)
		}
		return buf
	}
	buf := read(first)
	b := newPooledBody(buf)
	got, err := io.ReadAll(b)
	if err != nil || string(got) != first {
		t.Fatalf("ReadAll = %q, %v; want %q", got, err, first)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	_ = b.Close() // twice: the buffer must not go back to the pool twice

	// The next response may get the same buffer; the closed body reads
	// nothing of it.
	next := newPooledBody(read(second))
	if n, err := b.Read(make([]byte, 64)); n != 0 || err != errBodyClosed {
		t.Errorf("Read after Close = %d, %v; want 0, %v", n, err, errBodyClosed)
	}
	if got, _ := io.ReadAll(next); string(got) != second {
		t.Errorf("the next body read %q, want %q", got, second)
	}
	_ = next.Close()

	// Pooled twice, one buffer would be handed to two bodies at once.
	a1, a2 := getBuffer(), getBuffer()
	if a1 == a2 {
		t.Error("the pool handed out one buffer twice: a double Close put it back twice")
	}
	putBuffer(a1)
	putBuffer(a2)
}

// An SDK may close a body on another goroutine while reading it.
func TestPooledBodyCloseWhileReading(t *testing.T) {
	for range 50 {
		buf := getBuffer()
		buf.WriteString(strings.Repeat("x", 1<<12))
		b := newPooledBody(buf)
		var wg sync.WaitGroup
		wg.Go(func() {
			p := make([]byte, 16)
			for range 1 << 12 {
				if _, err := b.Read(p); err != nil {
					return
				}
			}
		})
		wg.Go(func() { _ = b.Close() })
		wg.Wait()
	}
}
