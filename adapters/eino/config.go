package oteleino

import (
	"context"

	"github.com/cloudwego/eino/adk"
	"github.com/cloudwego/eino/callbacks"
	"github.com/cloudwego/eino/compose"

	"github.com/otelagent/otelagent-go/otelagent"
)

// config holds the options of a Handler.
type config struct {
	telemetry *otelagent.Telemetry
	agentName string
	model     string
	provider  string
	agents    map[string]adk.Agent // by name
}

// Option configures a Handler.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

func newConfig(opts []Option) config {
	var c config
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	return c
}

// WithTelemetry sets the Telemetry the Handler records with. Without it, or
// with nil, each run uses otelagent.FromContext of the context its first
// callback carries.
func WithTelemetry(t *otelagent.Telemetry) Option {
	return optionFunc(func(c *config) { c.telemetry = t })
}

// WithAgentName names the session of a graph, chain or workflow compiled
// without a name (compose.WithGraphName), the usual case for the outermost
// one. Named graphs keep their names.
func WithAgentName(name string) Option {
	return optionFunc(func(c *config) { c.agentName = name })
}

// WithModel sets the model a chat model call is recorded with when the
// chat model does not report one in its callback input
// (model.CallbackInput.Config.Model), as chat models that leave their
// callbacks to the graph do not.
func WithModel(model string) Option {
	return optionFunc(func(c *config) { c.model = model })
}

// WithProviderName sets the gen_ai.provider.name of chat model calls, in
// the GenAI conventions' spelling ("openai", "anthropic", "aws.bedrock").
// eino's callbacks do not say which provider a chat model calls, so
// without it none is recorded.
func WithProviderName(name string) Option {
	return optionFunc(func(c *config) { c.provider = name })
}

// WithAgents gives the handler the ADK agents it records, so that their
// sessions carry gen_ai.agent.description (adk.Agent.Description). eino's
// callbacks name an agent's run (a chain named after the agent) but do
// not hand over the agent, so the handler knows the description of the
// agents given here only; of two with the same name, the last wins.
func WithAgents(agents ...adk.Agent) Option {
	return optionFunc(func(c *config) {
		for _, a := range agents {
			if a == nil {
				continue
			}
			if c.agents == nil {
				c.agents = make(map[string]adk.Agent, len(agents))
			}
			c.agents[a.Name(context.Background())] = a
		}
	})
}

// description returns the description of the ADK agent whose run info
// starts, if it is one the handler was given: an ADK agent runs as a
// chain named after it.
func (c *config) description(ctx context.Context, info *callbacks.RunInfo) string {
	if len(c.agents) == 0 || info.Component != compose.ComponentOfChain {
		return ""
	}
	if a, ok := c.agents[info.Name]; ok {
		return a.Description(ctx)
	}
	return ""
}

func (c *config) telemetryFor(ctx context.Context) *otelagent.Telemetry {
	if c.telemetry != nil {
		return c.telemetry
	}
	return otelagent.FromContext(ctx)
}
