package otelagent_test

import (
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/otelagent/pricing"
)

// otelPrice returns the pricing a raw program would do by hand for model.
func otelPrice(model string) (func(otelagent.Usage) float64, bool) {
	p, ok := pricing.Default().Lookup(model)
	return func(u otelagent.Usage) float64 {
		return p.Cost(pricing.Tokens{Input: u.InputTokens, Output: u.OutputTokens, CacheRead: u.CacheReadInputTokens, CacheWrite: u.CacheCreationInputTokens})
	}, ok
}
