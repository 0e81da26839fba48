package enforce

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/tombstone-sql/tombstone/examples/store"
	"github.com/tombstone-sql/tombstone/policy"
)

func TestCacheBounded(t *testing.T) {
	c := newCache(160, 1<<20)
	for i := 0; i < 10000; i++ {
		c.put(cacheKey{sql: fmt.Sprintf("SELECT %d", i)}, &Decision{sql: "x"})
	}
	if n := c.len(); n > 160 {
		t.Errorf("cache holds %d entries, bound 160", n)
	}
	// The most recent entries survive, the oldest are gone.
	if c.get(cacheKey{sql: "SELECT 9999"}) == nil || c.get(cacheKey{sql: "SELECT 0"}) != nil {
		t.Error("LRU order not kept")
	}
	// A recently read entry is kept over newer ones.
	c = newCache(16, 1<<20) // one entry per shard
	c.put(cacheKey{sql: "a"}, &Decision{})
	c.get(cacheKey{sql: "a"})
	big := strings.Repeat("x", 1<<16)
	c.put(cacheKey{sql: big}, &Decision{})
	bytes := 0
	for i := range c.shards {
		bytes += c.shards[i].bytes
	}
	if bytes > 1<<20 {
		t.Errorf("cache holds %d bytes, bound %d", bytes, 1<<20)
	}
}

func storeWrapper(tb testing.TB, cfg *Config) *Wrapper {
	p, err := policy.Parse("store.yaml", store.Policy)
	if err != nil {
		tb.Fatal(err)
	}
	w, err := New(p, "postgres", cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return w
}

// TestCacheMemoryBounded: streams of distinct statements leave the cache
// at its bound and the heap where it was (BenchmarkCacheDistinct runs a
// million).
func TestCacheMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	w := storeWrapper(t, &Config{CacheEntries: 1024, CacheBytes: 1 << 20})
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	for i := 0; i < 4000; i++ { // fill to the bound
		w.Decide(fmt.Sprintf("SELECT name FROM leads WHERE id = %d", i), nil)
	}
	before := heap()
	for i := 4000; i < 24000; i++ {
		w.Decide(fmt.Sprintf("SELECT name FROM leads WHERE id = %d", i), nil)
	}
	after := heap()
	if n := w.cache.len(); n > 1024 {
		t.Errorf("cache holds %d entries, bound 1024", n)
	}
	if after > before+8<<20 {
		t.Errorf("heap grew from %d to %d bytes over 20,000 distinct statements", before, after)
	}
}

// BenchmarkCacheDistinct feeds the cache distinct governed statements: the
// uncached path, with eviction, and the heap it leaves.
func BenchmarkCacheDistinct(b *testing.B) {
	w := storeWrapper(b, &Config{CacheEntries: 4096, CacheBytes: 32 << 20})
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		w.Decide(fmt.Sprintf("SELECT name FROM customers WHERE id = %d", i), nil)
		i++
	}
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapAlloc)/(1<<20), "heap-MiB")
	b.ReportMetric(float64(w.cache.len()), "entries")
}

// BenchmarkCacheHit is the cached decision alone.
func BenchmarkCacheHit(b *testing.B) {
	w := storeWrapper(b, &Config{CacheEntries: 4096, CacheBytes: 32 << 20})
	q := "SELECT name FROM customers WHERE id = $1"
	w.Decide(q, nil)
	b.ReportAllocs()
	for b.Loop() {
		w.Decide(q, nil)
	}
}
