package viewer

import (
	"testing"

	"github.com/otelagent/otelagent-go/semconv"
)

// Cache-write tokens count under either schema's name.
func TestCacheWriteTokensEitherSchema(t *testing.T) {
	for _, key := range []string{string(semconv.GenAIUsageCacheCreationInputTokensKey), string(semconv.GenAIUsageCacheWriteInputTokensKey)} {
		var s Span
		s.setAttr(key, int64(400))
		if s.CacheCreationTokens != 400 {
			t.Errorf("%s: cache write tokens %d, want 400", key, s.CacheCreationTokens)
		}
	}
}
