package cli

import (
	"fmt"

	"github.com/tombstone-sql/tombstone/examples/store"
	"github.com/tombstone-sql/tombstone/policy"
)

func runDemo(e *env, args []string) int {
	fs := e.flags("demo", "")
	if code, ok := e.parse(fs, args); !ok {
		return code
	}
	p, err := policy.Parse("examples/store/tombstone.yaml", store.Policy)
	if err != nil {
		fmt.Fprintf(e.stderr, "tombstone demo: %v\n", err)
		return exitUsage
	}
	fmt.Fprintln(e.stdout, "The online store's deletion policy (examples/store/tombstone.yaml):")
	fmt.Fprintln(e.stdout)
	if err := p.Explain(e.stdout, "text"); err != nil {
		fmt.Fprintf(e.stderr, "tombstone demo: %v\n", err)
		return exitUsage
	}
	return exitOK
}
