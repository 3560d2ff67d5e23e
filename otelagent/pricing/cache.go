package pricing

import (
	"strings"
	"sync"
)

// defaultCacheSize bounds the slow-path results a Table keeps. Model names
// come from callers and, through them, from users and APIs: the cache must
// not grow with them.
const defaultCacheSize = 4096

type result struct {
	price Price
	ok    bool
}

// lookupCache remembers slow-path lookups, unknown names included (they are
// the ones that pay the full slow path). When full it is emptied: simple,
// bounded, and a working set smaller than the cap refills it at once.
type lookupCache struct {
	mu  sync.RWMutex
	m   map[string]result
	max int
}

func newLookupCache(size int) *lookupCache {
	return &lookupCache{m: make(map[string]result), max: size}
}

func (c *lookupCache) get(name string) (result, bool) {
	c.mu.RLock()
	r, ok := c.m[name]
	c.mu.RUnlock()
	return r, ok
}

func (c *lookupCache) put(name string, r result) {
	// Clone: name may share memory with a large response body the caller
	// parsed it from, which the cache would otherwise keep alive.
	name = strings.Clone(name)
	c.mu.Lock()
	if len(c.m) >= c.max {
		clear(c.m)
	}
	c.m[name] = r
	c.mu.Unlock()
}

func (c *lookupCache) len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.m)
}
