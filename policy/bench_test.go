package policy

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkParse loads policies that grow in one direction: many tables,
// and deep nesting (refused past MaxDepth, after the YAML is read).
func BenchmarkParse(b *testing.B) {
	tables := func(n int) string {
		var s strings.Builder
		s.WriteString("version: 1\ntables:\n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&s, "  t%d: {delete: soft, column: deleted_at, personal: [name, email]}\n", i)
		}
		return s.String()
	}
	for _, bc := range []struct {
		name string
		data string
	}{
		{"tables-1000", tables(1000)},
		{"tables-10000", tables(10000)},
		{"nesting-5000", "version: 1\ntables: " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			data := []byte(bc.data)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				Parse("p.yaml", data)
			}
		})
	}
}
