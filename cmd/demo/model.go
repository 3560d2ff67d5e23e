package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/otelagent/otelagent-go/otelagent"
)

// Roles of the messages in a conversation.
const (
	roleSystem    = "system"
	roleUser      = "user"
	roleAssistant = "assistant"
	roleTool      = "tool"
)

// message is one entry of the conversation the model sees, shaped like a
// chat-completions message.
type message struct {
	Role      string     `json:"role"`
	Content   string     `json:"content,omitempty"`
	ToolCalls []toolCall `json:"tool_calls,omitempty"`
	// ToolCallID and Name tie a tool result to the call it answers.
	ToolCallID string `json:"tool_call_id,omitempty"`
	Name       string `json:"name,omitempty"`
	// Failed marks a tool result that is an error message.
	Failed bool `json:"failed,omitempty"`
}

// toolCall is a call the model asks the agent to make. Arguments is JSON,
// as providers return it.
type toolCall struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Arguments string `json:"arguments"`
}

// completion is the model's answer: text, or tool calls to make first.
type completion struct {
	Text      string
	ToolCalls []toolCall
	// Model is the model that answered, as a provider reports it (a dated
	// snapshot of the requested one).
	Model string
	Usage otelagent.Usage
}

// fakeModel is a deterministic stand-in for an LLM: the same conversation
// always gets the same answer (but for random tool call ids) and the same
// token counts, derived from the length of what it reads and writes. It follows a fixed plan (read the
// notes and run the tests, delegate when the tests fail, then answer), so
// the demo exercises every kind of span without a network.
type fakeModel struct {
	name string
	// perToken is the simulated generation time per output token.
	perToken time.Duration
}

// snapshots maps model names to the dated snapshot a provider reports as
// the response model.
var snapshots = map[string]string{
	"gpt-4o":      "gpt-4o-2024-08-06",
	"gpt-4o-mini": "gpt-4o-mini-2024-07-18",
}

// complete answers the conversation msgs, offered the tools named in tools.
func (m *fakeModel) complete(ctx context.Context, msgs []message, tools []string) (completion, error) {
	if err := ctx.Err(); err != nil {
		return completion{}, err
	}
	resp := m.next(msgs, tools)
	resp.Model = m.name
	if s, ok := snapshots[m.name]; ok {
		resp.Model = s
	}
	input := conversationTokens(msgs)
	output := textTokens(resp.Text)
	for _, c := range resp.ToolCalls {
		output += toolCallTokens(c)
	}
	resp.Usage = otelagent.Usage{
		InputTokens:          input,
		OutputTokens:         output,
		CacheReadInputTokens: cachedPrefixTokens(msgs),
	}
	if d := time.Duration(output) * m.perToken; d > 0 {
		timer := time.NewTimer(d)
		defer timer.Stop()
		select {
		case <-ctx.Done():
			return completion{}, ctx.Err()
		case <-timer.C:
		}
	}
	return resp, nil
}

// next decides the model's move from what the conversation holds so far.
func (m *fakeModel) next(msgs []message, tools []string) completion {
	results := map[string]message{}
	for _, msg := range msgs {
		if msg.Role == roleTool {
			results[msg.Name] = msg
		}
	}
	called := func(name string) bool { _, ok := results[name]; return ok }
	offered := func(name string) bool { return contains(tools, name) }
	task := lastUserMessage(msgs)

	var calls []toolCall
	if offered(toolReadFile) && !called(toolReadFile) {
		calls = append(calls, m.call(toolReadFile, readFileArgs{Path: notesFile}))
	}
	if offered(toolRunTests) && !called(toolRunTests) {
		calls = append(calls, m.call(toolRunTests, runTestsArgs{Package: "./...", Task: task}))
	}
	if len(calls) > 0 {
		return completion{ToolCalls: calls}
	}
	if tests, ok := results[toolRunTests]; ok && tests.Failed && offered(toolDelegate) && !called(toolDelegate) {
		return completion{ToolCalls: []toolCall{m.call(toolDelegate, delegateArgs{
			Agent: subAgentName,
			Task:  "Find out why the tests fail, using " + notesFile + ".",
		})}}
	}
	return completion{Text: answer(task, results)}
}

// call builds a tool call. Its id is random, as providers make them: an id
// derived from the conversation would carry a trace of its content.
func (m *fakeModel) call(name string, args any) toolCall {
	// The arguments are the tools' own structs of strings: marshaling them
	// cannot fail.
	raw, _ := json.Marshal(args)
	return toolCall{ID: "call_" + rand.Text(), Name: name, Arguments: string(raw)}
}

// answer writes the final answer from the tool results: one line per
// thing learned, after a line that says what the task was.
func answer(task string, results map[string]message) string {
	lines := []string{fmt.Sprintf("I looked into %q.", task)}
	if notes, ok := results[toolReadFile]; ok {
		if notes.Failed {
			lines = append(lines, fmt.Sprintf("- I could not read %s.", notesFile))
		} else {
			content := strings.Split(strings.TrimSpace(notes.Content), "\n")
			lines = append(lines, fmt.Sprintf("- %s (%d lines) begins: %q", notesFile, len(content), content[0]))
		}
	}
	if tests, ok := results[toolRunTests]; ok {
		if tests.Failed {
			lines = append(lines, "- The test run failed, so I asked for help instead of trusting it.")
		} else {
			lines = append(lines, "- The tests pass.")
		}
	}
	if sub, ok := results[toolDelegate]; ok {
		if sub.Failed {
			lines = append(lines, fmt.Sprintf("- The %s agent could not help.", subAgentName))
		} else {
			lines = append(lines, fmt.Sprintf("- The %s agent says: %s", subAgentName,
				strings.Join(strings.Split(strings.TrimSpace(sub.Content), "\n"), " ")))
		}
	}
	return strings.Join(lines, "\n")
}

func lastUserMessage(msgs []message) string {
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Role == roleUser {
			return msgs[i].Content
		}
	}
	return ""
}

// Token counts follow the usual rule of thumb of about four bytes per token,
// plus a few tokens of framing per message, as chat formats add.
const messageOverhead = 4

func textTokens(s string) int64 { return int64(len(s)+3) / 4 }

func toolCallTokens(c toolCall) int64 {
	return messageOverhead + textTokens(c.Name) + textTokens(c.Arguments)
}

func messageTokens(msg message) int64 {
	n := messageOverhead + textTokens(msg.Content) + textTokens(msg.Name)
	for _, c := range msg.ToolCalls {
		n += toolCallTokens(c)
	}
	return n
}

func conversationTokens(msgs []message) int64 {
	var n int64
	for _, msg := range msgs {
		n += messageTokens(msg)
	}
	return n
}

// cachedPrefixTokens simulates provider-side prompt caching: the prefix of
// the conversation that was already sent in the previous call (everything
// before the model's last answer) is read from the cache.
func cachedPrefixTokens(msgs []message) int64 {
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Role == roleAssistant {
			return conversationTokens(msgs[:i])
		}
	}
	return 0
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
