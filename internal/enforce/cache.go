package enforce

import (
	"hash/maphash"
	"sync"
)

// cacheKey identifies a rewrite: the statement text and the scope.
type cacheKey struct {
	sql, scope string
}

// cache is a bounded, concurrency-safe LRU of rewrites. It is sharded so
// that goroutines hitting different statements rarely meet on a lock, and
// bounded by entries and by bytes, so a stream of distinct statements
// cannot grow it.
type cache struct {
	seed   maphash.Seed
	shards []cacheShard
}

type cacheShard struct {
	mu         sync.Mutex
	entries    map[cacheKey]*cacheEntry
	head, tail *cacheEntry // most and least recently used
	bytes      int
	maxEntries int
	maxBytes   int
}

type cacheEntry struct {
	key        cacheKey
	val        *Decision
	size       int
	prev, next *cacheEntry
}

const cacheShards = 16

func newCache(entries, bytes int) *cache {
	c := &cache{seed: maphash.MakeSeed(), shards: make([]cacheShard, cacheShards)}
	for i := range c.shards {
		c.shards[i] = cacheShard{
			entries:    map[cacheKey]*cacheEntry{},
			maxEntries: max(1, entries/cacheShards),
			maxBytes:   max(1, bytes/cacheShards),
		}
	}
	return c
}

func (c *cache) shard(k cacheKey) *cacheShard {
	return &c.shards[maphash.String(c.seed, k.sql)%cacheShards]
}

// get returns the cached decision, marking it recently used.
func (c *cache) get(k cacheKey) *Decision {
	s := c.shard(k)
	s.mu.Lock()
	e := s.entries[k]
	if e != nil && e != s.head {
		s.unlink(e)
		s.pushFront(e)
	}
	s.mu.Unlock()
	if e == nil {
		return nil
	}
	return e.val
}

// put stores a decision, evicting the least recently used entries beyond
// the shard's bounds.
func (c *cache) put(k cacheKey, d *Decision) {
	s := c.shard(k)
	size := len(k.sql) + len(k.scope) + d.size() + 128
	s.mu.Lock()
	defer s.mu.Unlock()
	if old := s.entries[k]; old != nil {
		s.unlink(old)
		s.bytes -= old.size
		delete(s.entries, k)
	}
	if size > s.maxBytes {
		return // larger than the whole shard: not worth keeping
	}
	e := &cacheEntry{key: k, val: d, size: size}
	s.entries[k] = e
	s.pushFront(e)
	s.bytes += size
	for len(s.entries) > s.maxEntries || s.bytes > s.maxBytes {
		old := s.tail
		s.unlink(old)
		s.bytes -= old.size
		delete(s.entries, old.key)
	}
}

func (c *cache) len() int {
	n := 0
	for i := range c.shards {
		s := &c.shards[i]
		s.mu.Lock()
		n += len(s.entries)
		s.mu.Unlock()
	}
	return n
}

func (s *cacheShard) unlink(e *cacheEntry) {
	if e.prev != nil {
		e.prev.next = e.next
	} else {
		s.head = e.next
	}
	if e.next != nil {
		e.next.prev = e.prev
	} else {
		s.tail = e.prev
	}
	e.prev, e.next = nil, nil
}

func (s *cacheShard) pushFront(e *cacheEntry) {
	e.next = s.head
	if s.head != nil {
		s.head.prev = e
	}
	s.head = e
	if s.tail == nil {
		s.tail = e
	}
}
