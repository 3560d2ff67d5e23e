package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/otelagent/otelagent-go/otelagent"
)

// agentConfig is what the user chose for the agent.
type agentConfig struct {
	name     string
	model    string
	provider string
	// perToken is the fake model's simulated time per output token.
	perToken time.Duration
}

// agent runs the usual agent loop: ask the model, make the tool calls it
// asks for, give it their results, until it answers. Every step is recorded
// through the public otelagent API, the way a real agent would do it: the
// session, each LLM call with its usage, each tool call with its outcome.
type agent struct {
	tel      *otelagent.Telemetry
	name     string
	provider string
	model    *fakeModel
	tools    []tool
	maxTurns int
}

// newAgent returns the main agent: it reads the notes in ws, runs the tests
// and can delegate to a researcher sub-agent that reads the notes too.
func newAgent(tel *otelagent.Telemetry, cfg agentConfig, ws *workspace) *agent {
	model := &fakeModel{name: cfg.model, perToken: cfg.perToken}
	researcher := func() *agent {
		return &agent{tel: tel, name: subAgentName, provider: cfg.provider, model: model,
			tools: []tool{readFileTool(ws.dir)}, maxTurns: 4}
	}
	return &agent{tel: tel, name: cfg.name, provider: cfg.provider, model: model, maxTurns: 6,
		tools: []tool{
			readFileTool(ws.dir),
			runTestsTool(),
			delegateTool(map[string]func() *agent{subAgentName: researcher}),
		}}
}

// errMaxTurns ends a session whose model never stops asking for tools.
var errMaxTurns = otelagent.WithErrorType(errors.New("the model did not answer within the turn limit"), "max_turns")

// run runs one agent session on task and returns the agent's answer.
func (a *agent) run(ctx context.Context, task string) (answer string, err error) {
	ctx, session := a.tel.StartSession(ctx, otelagent.Agent{
		Name:      a.name,
		SessionID: newSessionID(),
		Model:     a.model.name,
		Provider:  a.provider,
	})
	defer func() { session.End(err) }()

	msgs := []message{
		{Role: roleSystem, Content: a.systemPrompt()},
		{Role: roleUser, Content: task},
	}
	for range a.maxTurns {
		resp, err := a.chat(ctx, msgs)
		if err != nil {
			return "", err
		}
		msgs = append(msgs, message{Role: roleAssistant, Content: resp.Text, ToolCalls: resp.ToolCalls})
		if len(resp.ToolCalls) == 0 {
			return resp.Text, nil
		}
		for _, call := range resp.ToolCalls {
			msgs = append(msgs, a.callTool(ctx, call))
		}
		if err := ctx.Err(); err != nil {
			return "", err
		}
	}
	return "", errMaxTurns
}

// chat makes one LLM call and records it: a "chat" span with the token
// usage the model reported, from which otelagent derives the cost.
func (a *agent) chat(ctx context.Context, msgs []message) (_ completion, err error) {
	ctx, chat := a.tel.StartChat(ctx, otelagent.ChatRequest{Model: a.model.name, Provider: a.provider})
	defer func() { chat.End(err) }()

	resp, err := a.model.complete(ctx, msgs, a.toolNames())
	if err != nil {
		return completion{}, err
	}
	chat.SetUsage(resp.Usage)
	chat.SetResponseModel(resp.Model)
	// Content is recorded only if the user turned content capture on
	// (OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true); otherwise
	// the messages are not even serialized.
	if a.tel.CapturesContent() {
		chat.CaptureContent(jsonString(msgs), jsonString(message{Role: roleAssistant, Content: resp.Text, ToolCalls: resp.ToolCalls}))
	}
	return resp, nil
}

// callTool makes the tool call and returns its result as the message the
// model reads next. A failed call is not the end of the session: the model
// sees the error and works around it.
func (a *agent) callTool(ctx context.Context, call toolCall) message {
	result := message{Role: roleTool, ToolCallID: call.ID, Name: call.Name}
	t, ok := a.tool(call.Name)
	if !ok {
		// The model asked for a tool this agent does not have. The name it
		// gave is not recorded: it is the model's free text.
		result.Content, result.Failed = "error: no such tool", true
		return result
	}
	ctx, rec := a.tel.StartToolCall(ctx, otelagent.Tool{Name: t.name, Type: t.typ, CallID: call.ID})
	out, err := t.run(ctx, call.Arguments)
	rec.CaptureContent(call.Arguments, out)
	rec.End(err)
	if err != nil {
		result.Content, result.Failed = "error: "+err.Error(), true
		return result
	}
	result.Content = out
	return result
}

func (a *agent) tool(name string) (tool, bool) {
	for _, t := range a.tools {
		if t.name == name {
			return t, true
		}
	}
	return tool{}, false
}

func (a *agent) toolNames() []string {
	names := make([]string, len(a.tools))
	for i, t := range a.tools {
		names[i] = t.name
	}
	return names
}

func (a *agent) systemPrompt() string {
	return fmt.Sprintf("You are %s, a careful coding agent. Use the tools (%s) before answering; "+
		"when a tool fails, find another way.", a.name, strings.Join(a.toolNames(), ", "))
}

// newSessionID returns a random session id, recorded as
// gen_ai.conversation.id on spans (never on metrics). It is a version 4
// UUID: 32 bare hex digits look like a key (Datadog, Azure), and are
// recorded as _OTHER.
func newSessionID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails.
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

func jsonString(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}
