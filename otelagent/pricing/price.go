package pricing

// Price is what a model costs, in US dollars per million tokens.
//
// A zero CacheRead or CacheWrite means the provider publishes no separate
// rate for those tokens: they are charged at Input. No provider gives cache
// hits away, so zero never means free here, and charging the input rate
// keeps an estimate from undercounting.
type Price struct {
	Input      float64
	Output     float64
	CacheRead  float64
	CacheWrite float64
}

// Tokens is the token usage of one call.
//
// Input includes the CacheRead and CacheWrite tokens, as the OpenTelemetry
// GenAI conventions define gen_ai.usage.input_tokens. Providers that report
// cache tokens apart from input tokens (Anthropic's input_tokens excludes
// them) must be added up before pricing.
type Tokens struct {
	Input      int64
	Output     int64
	CacheRead  int64
	CacheWrite int64
}

// Cost returns the cost of t in US dollars. Uncached input (Input minus
// CacheRead minus CacheWrite, never below zero) is charged at Input, cache
// reads at CacheRead, cache writes at CacheWrite, output at Output.
// Negative counts are treated as zero.
func (p Price) Cost(t Tokens) float64 {
	input, output := nonNegative(t.Input), nonNegative(t.Output)
	read, write := nonNegative(t.CacheRead), nonNegative(t.CacheWrite)
	uncached := max(input-read-write, 0)

	readRate, writeRate := p.CacheRead, p.CacheWrite
	if readRate == 0 {
		readRate = p.Input
	}
	if writeRate == 0 {
		writeRate = p.Input
	}
	return (float64(uncached)*p.Input +
		float64(read)*readRate +
		float64(write)*writeRate +
		float64(output)*p.Output) / 1e6
}

func nonNegative(n int64) int64 { return max(n, 0) }
