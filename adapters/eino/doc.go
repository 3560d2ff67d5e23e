// Package oteleino records what a github.com/cloudwego/eino application
// does as otelagent spans and metrics, through an eino callbacks.Handler:
// each graph, chain or workflow run (eino's agents, such as the ReAct
// agent, are graphs) as an "invoke_agent" session, a graph nested in
// another as a sub-agent session under its parent's, each chat model call
// as a "chat {model}" span with its token usage and estimated cost, and
// each tool call as an "execute_tool {tool}" span.
//
// Register the handler for every run, or pass it to one:
//
//	h := oteleino.NewHandler(oteleino.WithProviderName("openai"))
//	callbacks.AppendGlobalHandlers(h)
//	// or: runnable.Invoke(ctx, in, compose.WithCallbacks(h))
//	// or: agent.Generate(ctx, msgs, agent.WithComposeOptions(compose.WithCallbacks(h)))
//
// What a component starts travels in the context eino passes from its start
// callback to its end, so runs need no other correlation and the handler
// keeps no state. A component's output stream is read from eino's copy on a
// goroutine of its own, never from the caller's, and the copy is always
// closed; the span ends when the stream does.
//
// Nothing the callbacks carry as content is recorded: not the messages, the
// tool arguments or results, nor error messages (errors are recorded by
// class, see otelagent.ErrorType). What is recorded: the graph's name
// (compose.WithGraphName, or the node name of a nested graph), the model
// name a chat model reports in its callback input (model.Config.Model), the
// token counts of model.CallbackOutput.TokenUsage or of the message's
// ResponseMeta.Usage, and the tool's name and call id. A tool call eino
// marks as a tool the agent does not have is recorded without its name,
// which is the model's output.
package oteleino // import "github.com/otelagent/otelagent-go/adapters/eino"
