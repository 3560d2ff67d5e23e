package conformance_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
	"github.com/otelagent/otelagent-go/semconv/conformance"
)

// contentSchemas maps each content attribute to the model's JSON schema.
var contentSchemas = map[attribute.Key]string{
	semconv.GenAIInputMessagesKey:      "gen-ai-input-messages.json",
	semconv.GenAIOutputMessagesKey:     "gen-ai-output-messages.json",
	semconv.GenAISystemInstructionsKey: "gen-ai-system-instructions.json",
	semconv.GenAIToolDefinitionsKey:    "gen-ai-tool-definitions.json",
	semconv.GenAIToolCallArgumentsKey:  "gen-ai-tool-call-arguments.json",
	semconv.GenAIToolCallResultKey:     "gen-ai-tool-call-result.json",
}

func schema(t *testing.T, key attribute.Key) *conformance.Schema {
	t.Helper()
	s, err := conformance.LoadSchema(filepath.Join(modelDir, "gen-ai", contentSchemas[key]))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// What otelagent records with content capture on validates against the
// model's JSON schemas: roles, parts, finish reasons, tool definitions,
// arguments and results.
func TestContentMatchesSchemas(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	defer tp.Shutdown(context.Background())
	tel := otelagent.New(otelagent.WithTracerProvider(tp), otelagent.WithContentCapture(true), otelagent.WithSchema(semconv.SchemaLatest))

	ctx := context.Background()
	_, chat := tel.StartChat(ctx, otelagent.ChatRequest{Model: "m", Provider: "openai"})
	chat.CaptureMessages(otelagent.ChatContent{
		SystemInstructions: []otelagent.Part{{Type: otelagent.PartText, Content: "You are terse."}},
		Input: []otelagent.Message{
			{Role: otelagent.RoleUser, Parts: []otelagent.Part{{Type: otelagent.PartText, Content: ""}}},
			{Role: otelagent.RoleAssistant, Parts: []otelagent.Part{
				{Type: otelagent.PartReasoning, Content: "think"},
				{Type: otelagent.PartToolCall, ID: "call_1", Name: "read_file", Arguments: json.RawMessage(`{"path":"a.txt"}`)},
			}},
			{Role: otelagent.RoleTool, Parts: []otelagent.Part{{Type: otelagent.PartToolCallResponse, ID: "call_1", Response: json.RawMessage(`"contents"`)}}},
			{Role: otelagent.RoleTool, Parts: []otelagent.Part{{Type: otelagent.PartToolCallResponse, ID: "call_2"}}},
			{Role: otelagent.RoleUser},
		},
		Output: []otelagent.Message{
			{Role: otelagent.RoleAssistant, Parts: []otelagent.Part{{Type: otelagent.PartText, Content: "done"}}, FinishReason: "stop"},
			{Role: otelagent.RoleAssistant, Parts: []otelagent.Part{{Type: otelagent.PartToolCall, Name: "x", Arguments: json.RawMessage(`{"cut`)}}},
		},
		Tools: []otelagent.ToolDefinition{
			{Type: "function", Name: "read_file", Description: "Reads a file", Parameters: json.RawMessage(`{"type":"object"}`)},
			{Type: "function", Name: "bare"},
		},
	})
	chat.End(nil)
	_, tool := tel.StartToolCall(ctx, otelagent.Tool{Name: "read_file"})
	tool.CaptureContent(`{"path":"a.txt"}`, `{"content":"x"}`)
	tool.End(nil)

	seen := map[attribute.Key]bool{}
	for _, span := range rec.Ended() {
		for _, kv := range span.Attributes() {
			if _, ok := contentSchemas[kv.Key]; !ok {
				continue
			}
			seen[kv.Key] = true
			if err := schema(t, kv.Key).Validate([]byte(kv.Value.AsString())); err != nil {
				t.Errorf("%s on %q does not match %s: %v\n%s", kv.Key, span.Name(), contentSchemas[kv.Key], err, kv.Value.AsString())
			}
		}
	}
	for key := range contentSchemas {
		if !seen[key] {
			t.Errorf("%s was not recorded", key)
		}
	}
}

// The validator rejects what the schemas forbid, so the test above can fail.
func TestValidatorRejects(t *testing.T) {
	for _, tt := range []struct {
		key attribute.Key
		doc string
	}{
		{semconv.GenAIInputMessagesKey, `{"role":"user","parts":[]}`},                  // not an array
		{semconv.GenAIInputMessagesKey, `[{"parts":[]}]`},                              // no role
		{semconv.GenAIInputMessagesKey, `[{"role":"user","parts":[{"content":"x"}]}]`}, // a part without type
		{semconv.GenAIInputMessagesKey, `[{"role":3,"parts":[]}]`},                     // role not a string
		{semconv.GenAIOutputMessagesKey, `[{"role":"assistant","parts":[]}]`},          // no finish_reason
		{semconv.GenAISystemInstructionsKey, `[{"content":"x"}]`},                      // no type
		{semconv.GenAIToolDefinitionsKey, `[{"type":"function"}]`},                     // no name
		{semconv.GenAIToolDefinitionsKey, `[{"type":"function","name":7}]`},            // name not a string
		{semconv.GenAIToolCallArgumentsKey, `["a"]`},                                   // not an object
		{semconv.GenAIToolCallResultKey, `not json`},
	} {
		if err := schema(t, tt.key).Validate([]byte(tt.doc)); err == nil {
			t.Errorf("%s: %s accepted", tt.key, tt.doc)
		}
	}
	if err := schema(t, semconv.GenAIInputMessagesKey).Validate([]byte(`[{"role":"user","parts":[{"type":"text","content":"hi"}]}]`)); err != nil {
		t.Errorf("a valid message rejected: %v", err)
	}
}

// The validator refuses a schema keyword it does not implement instead of
// passing it silently.
func TestValidatorUnknownKeyword(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "s.json")
	if err := writeFile(path, `{"type":"string","pattern":"^a"}`); err != nil {
		t.Fatal(err)
	}
	s, err := conformance.LoadSchema(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate([]byte(`"b"`)); err == nil || !strings.Contains(err.Error(), "pattern") {
		t.Errorf("unknown keyword: %v", err)
	}
}

func writeFile(path, s string) error { return os.WriteFile(path, []byte(s), 0o600) }

func attributeKey(s string) attribute.Key { return attribute.Key(s) }
