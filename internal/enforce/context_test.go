package enforce

import (
	"context"
	"testing"
)

// TestScopeKeys: the same scope built in different orders shares a key;
// different scopes never do, whatever the table names hold.
func TestScopeKeys(t *testing.T) {
	bg := context.Background()
	key := func(ctx context.Context) string { return stateFrom(ctx).key }
	same := [][2]context.Context{
		{WithDeleted(bg, "a", "b"), WithDeleted(WithDeleted(bg, "B"), "a")},
		{HardDelete(OnlyDeleted(bg, "x")), OnlyDeleted(HardDelete(bg), "x", "x")},
	}
	for i, p := range same {
		if key(p[0]) != key(p[1]) {
			t.Errorf("pair %d: keys differ: %q and %q", i, key(p[0]), key(p[1]))
		}
	}
	different := []context.Context{
		WithDeleted(bg, "customers hard-delete"),
		HardDelete(WithDeleted(bg, "customers")),
		WithDeleted(bg, "a,b"),
		WithDeleted(bg, "a", "b"),
		OnlyDeleted(bg, "a"),
		WithDeleted(bg, "a"),
		WithDeleted(bg, "w1:1:a"),
		WithActor(bg, "x", "y"),
	}
	seen := map[string]int{}
	for i, ctx := range different {
		k := key(ctx)
		if j, dup := seen[k]; dup {
			t.Errorf("contexts %d and %d share the key %q", j, i, k)
		}
		seen[k] = i
	}
}
