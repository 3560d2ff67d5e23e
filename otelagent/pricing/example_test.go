package pricing_test

import (
	"fmt"

	"github.com/otelagent/otelagent-go/otelagent/pricing"
)

func ExampleTable_Lookup() {
	table := pricing.Default()
	for _, model := range []string{
		"gpt-4o-2024-08-06",
		"anthropic.claude-3-5-sonnet-20241022-v2:0",
		"my-local-model",
	} {
		p, ok := table.Lookup(model)
		if !ok {
			fmt.Printf("%s: unpriced\n", model)
			continue
		}
		fmt.Printf("%s: $%.2f in, $%.2f out per million tokens\n", model, p.Input, p.Output)
	}
	// Output:
	// gpt-4o-2024-08-06: $2.50 in, $10.00 out per million tokens
	// anthropic.claude-3-5-sonnet-20241022-v2:0: $3.00 in, $15.00 out per million tokens
	// my-local-model: unpriced
}

func ExamplePrice_Cost() {
	sonnet := pricing.Price{Input: 3, Output: 15, CacheRead: 0.30, CacheWrite: 3.75}
	// 10,000 input tokens, of which 6,000 read from the cache and 2,000
	// written to it, and 500 output tokens.
	usd := sonnet.Cost(pricing.Tokens{Input: 10_000, CacheRead: 6_000, CacheWrite: 2_000, Output: 500})
	fmt.Printf("$%.4f\n", usd)
	// Output:
	// $0.0228
}

func ExampleTable_Merge() {
	custom, err := pricing.Parse([]byte(`{
		"version": "custom",
		"models": {
			"gpt-4o": {"input": 2, "output": 8},
			"my-local-model": {"input": 0, "output": 0}
		}
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	table := pricing.Default().Merge(custom)
	p, _ := table.Lookup("openai/gpt-4o")
	_, ok := table.Lookup("my-local-model")
	fmt.Println(p.Input, p.Output, ok)
	// Output:
	// 2 8 true
}
