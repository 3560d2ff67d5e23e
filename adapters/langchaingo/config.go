package otellangchaingo

import (
	"context"
	"strings"

	"github.com/tmc/langchaingo/tools"

	"github.com/otelagent/otelagent-go/otelagent"
)

// config holds the options of a Handler.
type config struct {
	telemetry *otelagent.Telemetry
	agent     otelagent.Agent
	tools     map[string]string // upper-cased name -> name
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

// WithAgentName names the agent in its session spans and metrics
// (gen_ai.agent.name); langchaingo's agents have no names of their own.
func WithAgentName(name string) Option {
	return optionFunc(func(c *config) { c.agent.Name = name })
}

// WithAgentDescription sets the agent's description
// (gen_ai.agent.description) on its session spans, cut to
// otelagent.MaxDescriptionLen; langchaingo's agents have none of their
// own. It is the program's text: never put a user's words in it.
func WithAgentDescription(description string) Option {
	return optionFunc(func(c *config) { c.agent.Description = description })
}

// WithModel sets the model LLM calls are recorded with (gen_ai.request.model),
// which langchaingo's callbacks do not carry. Costs are estimated for it.
func WithModel(model string) Option {
	return optionFunc(func(c *config) { c.agent.Model = model })
}

// WithProviderName sets the model provider, in the GenAI conventions'
// spelling ("openai", "anthropic", "gcp.gemini"). It also tells how the
// provider's langchaingo model reports its calls (see the package
// documentation).
func WithProviderName(provider string) Option {
	return optionFunc(func(c *config) { c.agent.Provider = provider })
}

// WithTools lists the tools the agent has. A tool name in an agent action
// is the model's output; with this option, only the names of these tools
// are recorded (an action naming another is recorded without a name).
// Without it, a name is recorded if it looks like one: short, made of
// letters, digits, spaces and "_-.:".
func WithTools(ts ...tools.Tool) Option {
	return optionFunc(func(c *config) {
		c.tools = make(map[string]string, len(ts))
		for _, t := range ts {
			if t != nil {
				c.tools[strings.ToUpper(t.Name())] = t.Name()
			}
		}
	})
}

func (c *config) telemetryFor(ctx context.Context) *otelagent.Telemetry {
	if c.telemetry != nil {
		return c.telemetry
	}
	return otelagent.FromContext(ctx)
}

// toolName returns the name to record for a tool an agent action names, or
// "" when it is not safe to record.
func (c *config) toolName(name string) string {
	name = strings.TrimSpace(name)
	if c.tools != nil {
		// The executor matches tool names case-insensitively too.
		return c.tools[strings.ToUpper(name)]
	}
	if name == "" || len(name) > 64 {
		return ""
	}
	for i := 0; i < len(name); i++ {
		ch := name[i]
		switch {
		case ch >= 'a' && ch <= 'z', ch >= 'A' && ch <= 'Z', ch >= '0' && ch <= '9':
		case ch == ' ', ch == '_', ch == '-', ch == '.', ch == ':':
		default:
			return ""
		}
	}
	return name
}
