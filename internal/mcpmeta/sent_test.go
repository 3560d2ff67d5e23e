package mcpmeta

import (
	"context"
	"testing"
)

func TestSentRequestKeepsTheFirst(t *testing.T) {
	if SentRequestFrom(context.Background()) != nil {
		t.Fatal("a SentRequest in a context that has none")
	}
	ctx, s := WithSentRequest(context.Background())
	if SentRequestFrom(ctx) != s {
		t.Fatal("SentRequestFrom does not return the SentRequest put in the context")
	}
	if id, trans := s.Get(); id != "" || trans != "" {
		t.Errorf("empty SentRequest = %q, %q", id, trans)
	}
	s.Note("7", "pipe")
	s.Note("8", "tcp") // a second round trip of the same call
	if id, trans := s.Get(); id != "7" || trans != "pipe" {
		t.Errorf("Get = %q, %q; want the first request's 7, pipe", id, trans)
	}
}
