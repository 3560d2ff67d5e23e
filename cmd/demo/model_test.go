package main

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func conversation(prompt string) []message {
	return []message{
		{Role: roleSystem, Content: "You are coder."},
		{Role: roleUser, Content: prompt},
	}
}

var allTools = []string{toolReadFile, toolRunTests, toolDelegate}

func TestFakeModelDeterministic(t *testing.T) {
	m := &fakeModel{name: "gpt-4o"}
	a, err := m.complete(context.Background(), conversation("fix the bug"), allTools)
	if err != nil {
		t.Fatal(err)
	}
	b, err := m.complete(context.Background(), conversation("fix the bug"), allTools)
	if err != nil {
		t.Fatal(err)
	}
	if a.Usage != b.Usage || len(a.ToolCalls) != len(b.ToolCalls) || callNames(a.ToolCalls) != callNames(b.ToolCalls) || a.ToolCalls[0].Arguments != b.ToolCalls[0].Arguments {
		t.Errorf("two calls on the same conversation differ:\n%+v\n%+v", a, b)
	}
	if a.Model != "gpt-4o-2024-08-06" {
		t.Errorf("response model = %q", a.Model)
	}
}

func TestFakeModelTokensFollowInput(t *testing.T) {
	m := &fakeModel{name: "gpt-4o"}
	short, _ := m.complete(context.Background(), conversation("fix it"), allTools)
	long, _ := m.complete(context.Background(), conversation(strings.Repeat("fix it properly ", 100)), allTools)
	if short.Usage.InputTokens <= 0 || long.Usage.InputTokens < short.Usage.InputTokens+300 {
		t.Errorf("input tokens: short prompt %d, 1600-byte prompt %d; want about 4 bytes a token",
			short.Usage.InputTokens, long.Usage.InputTokens)
	}
	if short.Usage.OutputTokens <= 0 {
		t.Errorf("output tokens = %d", short.Usage.OutputTokens)
	}
}

// The fake model follows its plan: read and test, delegate when the tests
// fail, then answer; later calls read the earlier conversation from cache.
func TestFakeModelPlan(t *testing.T) {
	m := &fakeModel{name: "gpt-4o"}
	ctx := context.Background()
	msgs := conversation("fix the bug")

	first, _ := m.complete(ctx, msgs, allTools)
	if names := callNames(first.ToolCalls); names != "read_file,run_tests" {
		t.Fatalf("first move = %q, want read_file,run_tests", names)
	}
	if first.Usage.CacheReadInputTokens != 0 {
		t.Errorf("first call read %d tokens from cache", first.Usage.CacheReadInputTokens)
	}
	msgs = append(msgs, message{Role: roleAssistant, ToolCalls: first.ToolCalls},
		message{Role: roleTool, Name: toolReadFile, ToolCallID: first.ToolCalls[0].ID, Content: notesContent},
		message{Role: roleTool, Name: toolRunTests, ToolCallID: first.ToolCalls[1].ID, Content: "error: boom", Failed: true})

	second, _ := m.complete(ctx, msgs, allTools)
	if names := callNames(second.ToolCalls); names != "delegate" {
		t.Fatalf("after a failed test run: %q, want delegate", names)
	}
	if c := second.Usage.CacheReadInputTokens; c <= 0 || c >= second.Usage.InputTokens {
		t.Errorf("second call cache read %d of %d input tokens", c, second.Usage.InputTokens)
	}
	if first.ToolCalls[0].ID == second.ToolCalls[0].ID {
		t.Errorf("tool call ids repeat: %q", first.ToolCalls[0].ID)
	}
	msgs = append(msgs, message{Role: roleAssistant, ToolCalls: second.ToolCalls},
		message{Role: roleTool, Name: toolDelegate, ToolCallID: second.ToolCalls[0].ID, Content: "rounding"})

	last, _ := m.complete(ctx, msgs, allTools)
	if len(last.ToolCalls) != 0 || !strings.Contains(last.Text, "The researcher agent says: rounding") {
		t.Errorf("final move = %+v, want an answer citing the researcher", last)
	}
}

func TestFakeModelNoToolsAnswers(t *testing.T) {
	resp, _ := (&fakeModel{name: "gpt-4o"}).complete(context.Background(), conversation("hello"), nil)
	if len(resp.ToolCalls) != 0 || !strings.Contains(resp.Text, `"hello"`) {
		t.Errorf("without tools: %+v, want a plain answer", resp)
	}
}

func TestFakeModelCanceled(t *testing.T) {
	m := &fakeModel{name: "gpt-4o", perToken: time.Hour}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if _, err := m.complete(ctx, conversation("slow"), allTools); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the context's deadline", err)
	}
}

func callNames(calls []toolCall) string {
	names := make([]string, len(calls))
	for i, c := range calls {
		names[i] = c.Name
	}
	return strings.Join(names, ",")
}
