// Package otellangchaingo records what a github.com/tmc/langchaingo agent
// does as otelagent spans and metrics, through a callbacks.Handler: the
// outermost chain (an agent executor, or any chain) as an "invoke_agent"
// session, each LLM call as a "chat" span with its token usage and cost,
// and each tool the agent uses as an "execute_tool" span.
//
// Give the same Handler to the executor, the agent and the model:
//
//	h := otellangchaingo.NewHandler(otellangchaingo.WithAgentName("researcher"), otellangchaingo.WithModel("gpt-4o"), otellangchaingo.WithProviderName("openai"))
//	llm, err := openai.New(openai.WithCallback(h))
//	agent := agents.NewOneShotAgent(llm, tools, agents.WithCallbacksHandler(h))
//	executor := agents.NewExecutor(agent, agents.WithCallbacksHandler(h))
//
// Nothing the callbacks carry as text is recorded: not the chain's inputs or
// outputs, the messages, the tool's input or output, nor error messages.
// Tool names come from the agent's actions (HandleAgentAction), because
// HandleToolStart carries only the tool's input.
//
// # Correlation
//
// langchaingo's callbacks carry a context but no run or call ids, and a
// handler cannot hand a new context back. The Handler therefore keys its
// state by the context a callback carries, which langchaingo passes
// unchanged from a chain to its nested chains, its model calls and its
// tools. It assumes that
//
//   - runs that overlap in time use different contexts (any derived
//     context will do: context.WithCancel(ctx) per run); runs that share one
//     context value are recorded as one;
//   - within a run, events come one at a time, as the executor makes them.
//
// The outermost chain start in a context begins the session; nested chain
// starts in it (the agent's LLM chain) are part of it, and the outermost
// chain's end or error ends it. A tool call begins at the agent's action.
// If the tool reports HandleToolStart/End/Error itself, those end it;
// otherwise it ends at the next thing the run does (the next model call,
// action, chain start or end, or the agent's finish), which for the
// executor is right after the tool returns. An action naming a tool the
// agent does not have is recorded as a call too.
//
// # Models that do not report every end
//
// Some of langchaingo's (v0.1.14) models leave a callback out: OpenAI,
// Google AI, Cloudflare and local models never report a failed call
// (HandleLLMError), and Anthropic and watsonx models never report a
// successful one (HandleLLMGenerateContentEnd), so their usage never reaches
// a handler. An LLM call still open when its run does something else (the
// next model call, an agent action, a tool, a chain start or end) or when
// its context ends is over: it ends then, without usage, as a failure
// ("_OTHER") if the model reports the ends of successful calls (known once
// it did, or from WithProviderName: every provider but "anthropic" and
// "ibm.watsonx.ai"), else as a success. With langchaingo's Anthropic model,
// chat spans therefore carry no tokens and no cost, and end at the run's
// next step rather than when the response arrived.
package otellangchaingo // import "github.com/otelagent/otelagent-go/adapters/langchaingo"
