package pricing

import (
	"math"
	"testing"
)

func TestPriceCost(t *testing.T) {
	sonnet := Price{Input: 3, Output: 15, CacheRead: 0.3, CacheWrite: 3.75}
	gpt4o := Price{Input: 2.5, Output: 10, CacheRead: 1.25} // no cache-write rate
	flat := Price{Input: 2, Output: 6}                      // no cache rates at all

	tests := []struct {
		name   string
		price  Price
		tokens Tokens
		want   float64
	}{
		{"zero", sonnet, Tokens{}, 0},
		{"input and output", sonnet, Tokens{Input: 1_000_000, Output: 1_000_000}, 3 + 15},
		// 2,000 uncached at 3 + 6,000 read at 0.3 + 2,000 written at 3.75 + 500 out at 15.
		{"cache read and write", sonnet, Tokens{Input: 10_000, CacheRead: 6_000, CacheWrite: 2_000, Output: 500}, (6000 + 1800 + 7500 + 7500) / 1e6},
		// Cache writes with no published rate are charged at the input rate.
		{"cache write falls back to input", gpt4o, Tokens{Input: 4_000, CacheRead: 1_000, CacheWrite: 1_000}, (2000*2.5 + 1000*1.25 + 1000*2.5) / 1e6},
		{"cache read falls back to input", flat, Tokens{Input: 1_000, CacheRead: 1_000, Output: 10}, (1000*2 + 10*6) / 1e6},
		// Input reported without its cache tokens: uncached clamps at zero
		// rather than going negative.
		{"cache exceeds input", sonnet, Tokens{Input: 100, CacheRead: 1_000}, 1000 * 0.3 / 1e6},
		{"negative counts are zero", sonnet, Tokens{Input: -5, Output: -5, CacheRead: -5, CacheWrite: -5}, 0},
		{"large counts", gpt4o, Tokens{Input: 3_000_000_000, Output: 1_000_000_000}, 3000*2.5 + 1000*10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.price.Cost(tt.tokens)
			if math.Abs(got-tt.want) > 1e-12*math.Max(1, math.Abs(tt.want)) {
				t.Errorf("Cost(%+v) = %.12g, want %.12g", tt.tokens, got, tt.want)
			}
		})
	}
}

func BenchmarkPriceCost(b *testing.B) {
	p := Price{Input: 3, Output: 15, CacheRead: 0.3, CacheWrite: 3.75}
	tok := Tokens{Input: 10_000, CacheRead: 6_000, CacheWrite: 2_000, Output: 500}
	b.ReportAllocs()
	var sink float64
	for b.Loop() {
		sink += p.Cost(tok)
	}
	_ = sink
}
