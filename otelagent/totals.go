package otelagent

import "sync"

// SessionTotals are the token usage and estimated cost of the LLM calls a
// session has made so far, its sub-agents' included: what a program needs
// to print "this session cost $0.0123" without pricing anything itself.
type SessionTotals struct {
	// Chats is the number of LLM calls that reported their usage.
	Chats int64
	// Token counts, as in Usage: InputTokens includes the cache-read and
	// cache-creation tokens, OutputTokens the reasoning tokens.
	InputTokens              int64
	OutputTokens             int64
	CacheReadInputTokens     int64
	CacheCreationInputTokens int64
	ReasoningOutputTokens    int64
	// CostUSD is the estimated cost, from the price table, of the calls
	// whose model has a known price.
	CostUSD float64
	// UnpricedInputTokens and UnpricedOutputTokens are the tokens of calls
	// whose model the price table does not know: they are not in CostUSD.
	UnpricedInputTokens  int64
	UnpricedOutputTokens int64
}

// sessionTotals accumulates a session's SessionTotals.
type sessionTotals struct {
	mu sync.Mutex
	t  SessionTotals
}

// Totals returns the session's token usage and estimated cost so far. It
// is safe to call at any time, from any goroutine, also after End. A nil
// session (telemetry off) returns zero totals.
func (s *Session) Totals() SessionTotals {
	if s == nil {
		return SessionTotals{}
	}
	s.totals.mu.Lock()
	defer s.totals.mu.Unlock()
	return s.totals.t
}

// addUsage adds an LLM call's usage and cost to s and to the sessions
// above it: a sub-agent's calls count in its parent's totals too.
func (s *Session) addUsage(u Usage, cost estimate) {
	for ; s != nil; s = s.parent {
		s.totals.mu.Lock()
		t := &s.totals.t
		t.Chats++
		t.InputTokens += u.InputTokens
		t.OutputTokens += u.OutputTokens
		t.CacheReadInputTokens += u.CacheReadInputTokens
		t.CacheCreationInputTokens += u.CacheCreationInputTokens
		t.ReasoningOutputTokens += u.ReasoningOutputTokens
		if cost.priced {
			t.CostUSD += cost.usd
		} else {
			t.UnpricedInputTokens += u.InputTokens
			t.UnpricedOutputTokens += u.OutputTokens
		}
		s.totals.mu.Unlock()
	}
}
