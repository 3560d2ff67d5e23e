package mcpmeta

import (
	"context"
	"sync"
)

// SentRequest is what a client's wrapped connection says of the request it
// sends for one call: the JSON-RPC id it gave it and the transport it went
// over. SDKs number a request as they write it, after the call's span
// started, so the adapter puts a SentRequest in the context it calls with
// (WithSentRequest) and the connection fills it (SentRequestFrom).
type SentRequest struct {
	mu        sync.Mutex
	id, trans string
}

type sentKey struct{}

// WithSentRequest returns ctx with an empty SentRequest, and it.
func WithSentRequest(ctx context.Context) (context.Context, *SentRequest) {
	s := &SentRequest{}
	return context.WithValue(ctx, sentKey{}, s), s
}

// SentRequestFrom returns the SentRequest in ctx, or nil.
func SentRequestFrom(ctx context.Context) *SentRequest {
	s, _ := ctx.Value(sentKey{}).(*SentRequest)
	return s
}

// Note records id and transport for the first request written in this
// context (a multi-round-trip call writes more than one: its span is the
// first's).
func (s *SentRequest) Note(id, transport string) {
	s.mu.Lock()
	if s.id == "" {
		s.id, s.trans = id, transport
	}
	s.mu.Unlock()
}

// Get returns the id and transport noted, "" for those not known.
func (s *SentRequest) Get() (id, transport string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.id, s.trans
}
