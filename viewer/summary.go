package viewer

import (
	"cmp"
	"maps"
	"slices"
	"time"
)

// Bounds that keep a summary's memory independent of the input's size.
const (
	// maxNames bounds the models, agents and tools a summary tells apart;
	// the rest are summed under otherName.
	maxNames  = 200
	otherName = "(others)"
	// slowest is how many of the slowest calls a summary keeps.
	slowest = 5
)

// Usage is the token usage and cost of a set of LLM calls.
type Usage struct {
	// Name is the model or the agent ("" when the spans did not say).
	Name string
	// Provider is the provider of a model.
	Provider            string
	Sessions            int
	Chats, FailedChats  int
	InputTokens         int64
	OutputTokens        int64
	CacheReadTokens     int64
	CacheCreationTokens int64
	CostUSD             float64
	// UnpricedInputTokens and UnpricedOutputTokens are the tokens of calls
	// whose model has no known price: they are not in CostUSD.
	UnpricedInputTokens  int64
	UnpricedOutputTokens int64
}

func (u *Usage) addChat(s *Span) {
	u.Chats++
	if s.Failed {
		u.FailedChats++
	}
	if !s.HasUsage {
		return
	}
	u.InputTokens += s.InputTokens
	u.OutputTokens += s.OutputTokens
	u.CacheReadTokens += s.CacheReadTokens
	u.CacheCreationTokens += s.CacheCreationTokens
	if s.Priced {
		u.CostUSD += s.CostUSD
	} else {
		u.UnpricedInputTokens += s.InputTokens
		u.UnpricedOutputTokens += s.OutputTokens
	}
}

// ToolStats are the calls of one tool.
type ToolStats struct {
	Name   string
	Calls  int
	Failed int
	// Total is the time spent in the tool's calls.
	Total time.Duration
	// Errors counts the failed calls by error class.
	Errors map[string]int
}

// FailureRate is the share of calls that failed, from 0 to 1.
func (t ToolStats) FailureRate() float64 {
	if t.Calls == 0 {
		return 0
	}
	return float64(t.Failed) / float64(t.Calls)
}

// Summary adds up spans as they are read, in memory bounded by the number
// of distinct models, agents and tools (at most maxNames each), never by
// the number of spans.
type Summary struct {
	Traces   int
	Spans    int
	Commands int
	// FailedCommands counts commands whose span has status Error.
	FailedCommands int
	Sessions       int
	// DataPoints counts the metric data points read. The tables come from
	// the chat spans, which carry the same tokens and cost; MetricsUsage
	// has the usage metrics' own account, for metrics read without spans.
	DataPoints int

	total   Usage
	metrics metricUsage
	models  map[string]*Usage
	agents  map[string]*Usage
	tools   map[string]*ToolStats
	slowest []Span
}

func newSummary() *Summary {
	return &Summary{models: map[string]*Usage{}, agents: map[string]*Usage{}, tools: map[string]*ToolStats{}}
}

// bounded returns m's entry for name, creating it while m has room; past
// maxNames, names share the otherName entry.
func bounded[V any](m map[string]*V, name string, init func(string) *V) *V {
	if v, ok := m[name]; ok {
		return v
	}
	if len(m) >= maxNames {
		name = otherName
		if v, ok := m[name]; ok {
			return v
		}
	}
	v := init(name)
	m[name] = v
	return v
}

func (s *Summary) add(sp *Span) {
	s.Spans++
	switch sp.Kind {
	case KindCommand:
		s.Commands++
		if sp.Failed {
			s.FailedCommands++
		}
	case KindSession:
		s.Sessions++
		bounded(s.agents, sp.Agent, func(n string) *Usage { return &Usage{Name: n} }).Sessions++
	case KindChat:
		s.total.addChat(sp)
		m := bounded(s.models, sp.Model, func(n string) *Usage { return &Usage{Name: n} })
		if m.Provider == "" {
			m.Provider = sp.Provider
		}
		m.addChat(sp)
		bounded(s.agents, sp.Agent, func(n string) *Usage { return &Usage{Name: n} }).addChat(sp)
		s.noteSlow(sp)
	case KindTool:
		t := bounded(s.tools, sp.Tool, func(n string) *ToolStats { return &ToolStats{Name: n, Errors: map[string]int{}} })
		t.Calls++
		t.Total += sp.Duration()
		if sp.Failed {
			t.Failed++
			if len(t.Errors) < maxNames || t.Errors[sp.ErrorType] > 0 {
				t.Errors[sp.ErrorType]++
			} else {
				t.Errors[otherName]++
			}
		}
		s.noteSlow(sp)
	}
}

// noteSlow keeps sp if it is among the slowest calls so far.
func (s *Summary) noteSlow(sp *Span) {
	d := sp.Duration()
	i, _ := slices.BinarySearchFunc(s.slowest, d, func(e Span, d time.Duration) int { return cmp.Compare(d, e.Duration()) })
	if i >= slowest {
		return
	}
	s.slowest = slices.Insert(s.slowest, i, *sp)
	if len(s.slowest) > slowest {
		s.slowest = s.slowest[:slowest]
	}
}

// Total is the usage of every LLM call read.
func (s *Summary) Total() Usage { return s.total }

// ByModel is the usage by model, costliest first.
func (s *Summary) ByModel() []Usage { return sortedUsage(s.models) }

// ByAgent is the usage by agent, costliest first.
func (s *Summary) ByAgent() []Usage { return sortedUsage(s.agents) }

// Tools are the tool calls by tool, most called first.
func (s *Summary) Tools() []ToolStats {
	out := make([]ToolStats, 0, len(s.tools))
	for _, t := range s.tools {
		c := *t
		c.Errors = maps.Clone(t.Errors)
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b ToolStats) int {
		return cmp.Or(cmp.Compare(b.Calls, a.Calls), cmp.Compare(a.Name, b.Name))
	})
	return out
}

// Slowest are the slowest LLM and tool calls, slowest first.
func (s *Summary) Slowest() []Span { return slices.Clone(s.slowest) }

func sortedUsage(m map[string]*Usage) []Usage {
	out := make([]Usage, 0, len(m))
	for _, u := range m {
		out = append(out, *u)
	}
	slices.SortFunc(out, func(a, b Usage) int {
		return cmp.Or(cmp.Compare(b.CostUSD, a.CostUSD),
			cmp.Compare(b.InputTokens+b.OutputTokens, a.InputTokens+a.OutputTokens),
			cmp.Compare(a.Name, b.Name))
	})
	return out
}
