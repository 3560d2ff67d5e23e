package otelagent

import (
	"encoding/json"
	"slices"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"

	"github.com/otelagent/otelagent-go/semconv"
)

// Message roles, as the GenAI conventions spell them.
const (
	RoleSystem    = "system"
	RoleUser      = "user"
	RoleAssistant = "assistant"
	RoleTool      = "tool"
)

// Part types otelagent serialises, as the GenAI conventions spell them.
const (
	PartText             = "text"
	PartReasoning        = "reasoning"
	PartToolCall         = "tool_call"
	PartToolCallResponse = "tool_call_response"
)

// Message is one message of an LLM call, in the shape of the GenAI
// conventions' gen_ai.input.messages and gen_ai.output.messages.
type Message struct {
	// Role is RoleSystem, RoleUser, RoleAssistant, RoleTool or another
	// role the provider uses.
	Role  string
	Parts []Part
	// Name is the participant's name, if the provider has one.
	Name string
	// FinishReason is why the model stopped ("stop", "length",
	// "tool_call"); output messages only.
	FinishReason string
}

// Part is one part of a message: text, reasoning, a tool call the model
// requested or a tool call's response.
type Part struct {
	// Type is PartText, PartReasoning, PartToolCall or PartToolCallResponse.
	Type string
	// Content is the text of a text or reasoning part.
	Content string
	// ID is the tool call's id (tool_call, tool_call_response).
	ID string
	// Name is the tool's name (tool_call).
	Name string
	// Arguments are the tool call's arguments as JSON (tool_call).
	Arguments json.RawMessage
	// Response is the tool call's result as JSON (tool_call_response).
	Response json.RawMessage
}

// ToolDefinition is a tool offered to the model (gen_ai.tool.definitions).
type ToolDefinition struct {
	// Type is semconv.ToolTypeFunction, or another type the provider uses.
	Type        string
	Name        string
	Description string
	// Parameters is the JSON Schema of the tool's parameters.
	Parameters json.RawMessage
}

// ChatContent is the content of an LLM call. It is recorded only with
// content capture on (see CaptureMessages).
type ChatContent struct {
	SystemInstructions []Part
	Input              []Message
	Output             []Message
	Tools              []ToolDefinition
	StopSequences      []string
}

// MarshalJSON writes p as the conventions' part of its type; a part of
// another type keeps its type and content.
func (p Part) MarshalJSON() ([]byte, error) {
	m := map[string]any{"type": p.Type}
	switch p.Type {
	case PartToolCall:
		m["name"] = p.Name
		if p.ID != "" {
			m["id"] = p.ID
		}
		if len(p.Arguments) > 0 {
			m["arguments"] = jsonOrString(p.Arguments)
		}
	case PartToolCallResponse:
		if p.ID != "" {
			m["id"] = p.ID
		}
		m["response"] = jsonOrString(p.Response)
	default:
		m["content"] = p.Content
	}
	return json.Marshal(m)
}

// jsonOrString returns r if it is JSON, else r as a JSON string: a
// provider's arguments may be cut off mid-stream.
func jsonOrString(r json.RawMessage) any {
	if len(r) == 0 {
		return nil
	}
	if json.Valid(r) {
		return r
	}
	return string(r)
}

type jsonMessage struct {
	Role         string  `json:"role"`
	Parts        []Part  `json:"parts"`
	Name         string  `json:"name,omitempty"`
	FinishReason *string `json:"finish_reason,omitempty"`
}

type jsonTool struct {
	Type        string          `json:"type"`
	Name        string          `json:"name"`
	Description string          `json:"description,omitempty"`
	Parameters  json.RawMessage `json:"parameters,omitempty"`
}

// messagesJSON serialises ms; output messages always carry finish_reason,
// which the conventions require of them.
func messagesJSON(ms []Message, output bool) (string, error) {
	out := make([]jsonMessage, len(ms))
	for i, m := range ms {
		out[i] = jsonMessage{Role: m.Role, Parts: m.Parts, Name: m.Name}
		if out[i].Parts == nil {
			out[i].Parts = []Part{}
		}
		if output {
			out[i].FinishReason = &ms[i].FinishReason
		}
	}
	b, err := json.Marshal(out)
	return string(b), err
}

// contentAttributes returns the attributes of c, each serialised as the
// conventions' JSON schema for it; empty fields are left out.
func contentAttributes(c ChatContent) ([]attribute.KeyValue, error) {
	var attrs []attribute.KeyValue
	if len(c.SystemInstructions) > 0 {
		b, err := json.Marshal(c.SystemInstructions)
		if err != nil {
			return nil, err
		}
		attrs = append(attrs, semconv.GenAISystemInstructionsKey.String(string(b)))
	}
	for _, m := range []struct {
		key    attribute.Key
		msgs   []Message
		output bool
	}{{semconv.GenAIInputMessagesKey, c.Input, false}, {semconv.GenAIOutputMessagesKey, c.Output, true}} {
		if len(m.msgs) == 0 {
			continue
		}
		s, err := messagesJSON(m.msgs, m.output)
		if err != nil {
			return nil, err
		}
		attrs = append(attrs, m.key.String(s))
	}
	if len(c.Tools) > 0 {
		tools := make([]jsonTool, len(c.Tools))
		for i, t := range c.Tools {
			tools[i] = jsonTool{Type: t.Type, Name: t.Name, Description: t.Description}
			if len(t.Parameters) > 0 && json.Valid(t.Parameters) {
				tools[i].Parameters = t.Parameters
			}
		}
		b, err := json.Marshal(tools)
		if err != nil {
			return nil, err
		}
		attrs = append(attrs, semconv.GenAIToolDefinitionsKey.String(string(b)))
	}
	if len(c.StopSequences) > 0 {
		attrs = append(attrs, semconv.GenAIRequestStopSequencesKey.StringSlice(slices.Clone(c.StopSequences)))
	}
	return attrs, nil
}

// CaptureMessages records the call's content (system instructions, input
// and output messages, tool definitions, stop sequences) as span
// attributes, serialised as the GenAI conventions' JSON schemas define them,
// only if the Telemetry was created WithContentCapture(true). Otherwise it
// does nothing: content is never recorded by default. Check
// Telemetry.CapturesContent before building c. Like every string, the
// values pass the egress filter's credential redactor.
func (c *Chat) CaptureMessages(content ChatContent) {
	if c == nil || c.span == nil || !c.t.cfg.captureContent {
		return
	}
	attrs, err := contentAttributes(content)
	if err != nil {
		otel.Handle(err)
		return
	}
	c.span.SetAttributes(c.t.spanAttrs(semconv.SpanTypeChat, attrs)...)
}
