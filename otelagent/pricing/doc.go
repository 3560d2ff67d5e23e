// Package pricing estimates what an LLM call cost from its token usage, with
// a price table embedded in the package (prices.json), versioned and dated.
//
// The embedded table holds list prices (standard tier, US dollars per
// million tokens) for current models of OpenAI, Anthropic, Google, Mistral,
// DeepSeek and xAI. Each price names the page it was read on and when
// ([Table.Source]): the provider's own pricing page where a stored copy had
// it, else a dated page quoting it. Models looked for without a sourced
// price are listed as knowingly unpriced ([Table.Unpriced]). Prices change:
// re-check them, and override or extend them with [Parse] and [Table.Merge]
// (the setup package reads the file named by OTELAGENT_PRICING_FILE).
//
// Cost never guesses. [Table.Lookup] returns false for a model the table does
// not know, or knows to be unpriced; the caller counts such tokens as
// unpriced, so that what is missing shows.
//
// Each price has four rates: input, output, cache read and cache write. A
// provider that publishes no cache rate has it charged at the input rate
// (absent in the file, zero in [Price]). [Tokens.Input] includes the cache
// tokens, as gen_ai.usage.input_tokens does; see [Price.Cost].
//
// Model names are matched as [Table.Lookup] describes: exactly, by alias,
// without provider prefixes and date or version suffixes, then by the longest
// known name they extend ("gpt-4o-2024-08-06" and "openai/gpt-4o" are
// "gpt-4o"; "gpt-4o-mini-2024-07-18" is "gpt-4o-mini"; "gpt-4o" is never
// "gpt-4").
//
// The package imports only the standard library.
package pricing // import "github.com/otelagent/otelagent-go/otelagent/pricing"
