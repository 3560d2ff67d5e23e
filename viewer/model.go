package viewer

import (
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/internal/names"
	"github.com/otelagent/otelagent-go/semconv"
)

// Kind is what a span stands for in an agent run.
type Kind int

// The kinds of span the viewer knows; any other span is KindOther.
const (
	KindOther   Kind = iota
	KindCommand      // a CLI command: the root of an invocation
	KindSession      // invoke_agent: an agent session or sub-agent
	KindChat         // chat: one LLM call
	KindTool         // execute_tool: one tool call
)

// Span is what the viewer keeps of a span: its place in the trace, its
// timing and outcome, and the few attributes a person reads in a tree.
// Everything else a span carries (content included, when a user opted in
// to capture it) is left behind when the span is read.
type Span struct {
	TraceID  trace.TraceID
	SpanID   trace.SpanID
	ParentID trace.SpanID
	// RemoteParent is true when the parent is in another process: the
	// span is then the root of this process's part of the trace.
	RemoteParent bool
	Name         string
	Kind         Kind
	Start        time.Time
	End          time.Time
	// Failed is true for status Error; ErrorType is its class (error.type,
	// else the status description).
	Failed    bool
	ErrorType string

	// Names from the span's attributes; empty when absent.
	Agent    string // gen_ai.agent.name
	Model    string // gen_ai.request.model
	Provider string // gen_ai.provider.name
	Tool     string // gen_ai.tool.name
	Command  string // otelagent.command.name

	// Usage of a chat span. HasUsage is false when the call reported none.
	HasUsage            bool
	InputTokens         int64
	OutputTokens        int64
	CacheReadTokens     int64
	CacheCreationTokens int64
	ReasoningTokens     int64
	// CostUSD is the estimated cost; Priced is false when the model had no
	// known price (its tokens are then "unpriced").
	CostUSD float64
	Priced  bool

	// Session counters, on a session span.
	ToolCalls, ChatCalls, Errors int64
}

// Duration is how long the span lasted; never negative.
func (s *Span) Duration() time.Duration {
	if d := s.End.Sub(s.Start); d > 0 {
		return d
	}
	return 0
}

// IsRoot reports whether the span has no parent in this process.
func (s *Span) IsRoot() bool { return !s.ParentID.IsValid() || s.RemoteParent }

// setAttr keeps one attribute if the viewer uses it. Values arrive as the
// Go type of their OTLP kind: string, int64, float64 or bool.
func (s *Span) setAttr(key string, v any) {
	str, _ := v.(string)
	n, _ := v.(int64)
	switch key {
	case string(semconv.GenAIOperationNameKey):
		switch str {
		case semconv.OperationInvokeAgent:
			s.Kind = KindSession
		case semconv.OperationChat:
			s.Kind = KindChat
		case semconv.OperationExecuteTool:
			s.Kind = KindTool
		}
	case string(semconv.CommandNameKey):
		s.Command = str
		if s.Kind == KindOther {
			s.Kind = KindCommand
		}
	case string(semconv.GenAIAgentNameKey):
		s.Agent = str
	case string(semconv.GenAIRequestModelKey):
		s.Model = str
	case string(semconv.GenAIProviderNameKey):
		s.Provider = str
	case string(semconv.GenAIToolNameKey):
		s.Tool = str
	case string(semconv.ErrorTypeKey):
		s.ErrorType = errorClass(str)
	case string(semconv.GenAIUsageInputTokensKey):
		s.InputTokens, s.HasUsage = n, true
	case string(semconv.GenAIUsageOutputTokensKey):
		s.OutputTokens, s.HasUsage = n, true
	case string(semconv.GenAIUsageCacheReadInputTokensKey):
		s.CacheReadTokens = n
	case string(semconv.GenAIUsageCacheCreationInputTokensKey), string(semconv.GenAIUsageCacheWriteInputTokensKey):
		// The v1.41.0 name and the latest schema's (both, the same value,
		// under /dup).
		s.CacheCreationTokens = n
	case string(semconv.GenAIUsageReasoningOutputTokensKey):
		s.ReasoningTokens = n
	case string(semconv.CostUSDKey):
		switch f := v.(type) {
		case float64:
			s.CostUSD = f
		case int64:
			s.CostUSD = float64(f)
		}
	case string(semconv.PricedKey):
		s.Priced, _ = v.(bool)
	case string(semconv.SessionToolCallsKey):
		s.ToolCalls = n
	case string(semconv.SessionChatCallsKey):
		s.ChatCalls = n
	case string(semconv.SessionErrorsKey):
		s.Errors = n
	}
}

// fail records a span's Error status. Its description is kept only when
// it is an error class: other instrumentation may put an error's message
// there, which can hold paths, prompts or keys.
func (s *Span) fail(description string) {
	s.Failed = true
	if s.ErrorType == "" {
		s.ErrorType = errorClass(description)
	}
}

// errorClass returns s if it is an error class (a short name, such as
// "timeout" or "429"), else "" : the viewer never shows free text.
func errorClass(s string) string {
	if names.Valid(names.ErrorClass, s) || names.Valid(names.TypeName, s) {
		return s
	}
	return ""
}
