package exporters

import (
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// diagnostics emits one-line messages about export trouble (for --debug).
// Messages carry counts and error classes only, never span data, URLs or
// error texts.
type diagnostics struct {
	emit func(string) // nil: off

	lastDrop atomic.Int64 // unix ns of the last drop message, to rate-limit
}

func writerDiag(w io.Writer) func(string) {
	var mu sync.Mutex
	return func(msg string) {
		mu.Lock()
		defer mu.Unlock()
		_, _ = io.WriteString(w, msg+"\n")
	}
}

func (d *diagnostics) printf(format string, args ...any) {
	if d.emit != nil {
		d.emit(fmt.Sprintf("otelagent: "+format, args...))
	}
}

// printfRateLimited emits at most one message per second, for events that
// can repeat on every span (drops, rejections).
func (d *diagnostics) printfRateLimited(now time.Time, format string, args ...any) {
	if d.emit == nil {
		return
	}
	last := d.lastDrop.Load()
	if now.UnixNano()-last < int64(time.Second) || !d.lastDrop.CompareAndSwap(last, now.UnixNano()) {
		return
	}
	d.printf(format, args...)
}
