package exporters

import "sync"

// gate counts calls in flight and lets Shutdown stop new ones and wait for
// the rest, on a channel.
type gate struct {
	mu       sync.Mutex
	inflight int
	closed   bool
	idle     chan struct{} // closed when closed and inflight == 0
}

func newGate() *gate { return &gate{idle: make(chan struct{})} }

// enter registers a call; false once the gate is closed.
func (g *gate) enter() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return false
	}
	g.inflight++
	return true
}

func (g *gate) leave() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.inflight--
	if g.closed && g.inflight == 0 {
		close(g.idle)
	}
}

// close refuses new calls and returns a channel closed when none is left.
func (g *gate) close() <-chan struct{} {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.closed {
		g.closed = true
		if g.inflight == 0 {
			close(g.idle)
		}
	}
	return g.idle
}
