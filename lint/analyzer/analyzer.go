// Package analyzer is tombstone lint for Go code: a go/analysis Analyzer
// that checks constant SQL passed to database/sql, pgx and sqlx query and
// exec methods, with suggested fixes as text edits of the string literal.
// cmd/tombstone-vet runs it standalone and under go vet -vettool; package
// lint/golangci registers it as a golangci-lint module plugin.
package analyzer

import (
	"fmt"
	"go/ast"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/tombstone-sql/tombstone/internal/dialects"
	"github.com/tombstone-sql/tombstone/lint"
	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/rewrite"
)

// Settings configure an analyzer.
type Settings struct {
	// Policy is the policy file; "" means the nearest tombstone.yaml in
	// the package's directory or a parent, up to the module root. A package
	// with no policy above it is not checked.
	Policy string `json:"policy"`
	// Dialect is the SQL dialect; "" means the policy's.
	Dialect string `json:"dialect"`
	// Disable lists rules (codes or names) to turn off, on top of the
	// policy's lint section.
	Disable []string `json:"disable"`
}

const doc = `find SQL in Go code that would read deleted rows or break the deletion policy

tombstone checks constant SQL passed to database/sql, pgx and sqlx query and
exec methods (directly, through interfaces they implement, method values and
method expressions) against tombstone.yaml: soft tables read without the
live predicate, DELETE on soft and retain tables, UPDATEs that touch
tombstones. Constant SQL is a constant expression, or a variable assigned
once from one and never changed. Suppress a finding with
//tombstone:ignore <rule> <reason> on the call's line, or alone on the line
above it.`

// Analyzer is the analyzer with settings from its flags: -policy,
// -dialect and -disable.
var Analyzer = New(Settings{})

// New returns an analyzer with settings s; its flags start from s.
func New(s Settings) *analysis.Analyzer {
	c := &checker{settings: s, policies: map[string]*loaded{}}
	a := &analysis.Analyzer{
		Name:       "tombstone",
		Doc:        doc,
		URL:        lint.DocsURL + "#tombstone-lint",
		Requires:   []*analysis.Analyzer{inspect.Analyzer},
		Run:        c.run,
		ResultType: reflect.TypeOf((*Result)(nil)),
	}
	a.Flags.StringVar(&c.settings.Policy, "policy", s.Policy, "the policy file (default: the nearest tombstone.yaml above the package, up to the module root)")
	a.Flags.StringVar(&c.settings.Dialect, "dialect", s.Dialect, "SQL dialect: "+strings.Join(dialects.Names(), ", ")+" (default: the policy's)")
	a.Flags.Func("disable", "turn rules off, by code or name, comma-separated", func(v string) error {
		for _, r := range strings.Split(v, ",") {
			if r = strings.TrimSpace(r); r != "" {
				if lint.LookupRule(r) == nil {
					return fmt.Errorf("unknown rule %q", r)
				}
				c.settings.Disable = append(c.settings.Disable, r)
			}
		}
		return nil
	})
	return a
}

type checker struct {
	settings Settings
	mu       sync.Mutex
	policies map[string]*loaded
}

// loaded is one policy file and its linter, loaded once per process.
type loaded struct {
	linter  *lint.Linter
	dialect rewrite.Dialect
	err     error
}

func (c *checker) linter(path string) *loaded {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ld := c.policies[path]; ld != nil {
		return ld
	}
	ld := &loaded{}
	c.policies[path] = ld
	p, err := policy.Load(path)
	if err != nil {
		ld.err = fmt.Errorf("tombstone: %v", err)
		return ld
	}
	cfg, err := lint.NewConfig(p)
	if err != nil {
		ld.err = fmt.Errorf("tombstone: %v", err)
		return ld
	}
	for _, r := range c.settings.Disable {
		if err := cfg.Set(r, "off"); err != nil {
			ld.err = fmt.Errorf("tombstone: -disable: %v", err)
			return ld
		}
	}
	name := c.settings.Dialect
	if name == "" {
		name = p.Dialect
	}
	if name == "" {
		ld.err = fmt.Errorf("tombstone: no SQL dialect: set dialect in %s or pass -dialect (%s)", path, strings.Join(dialects.Names(), ", "))
		return ld
	}
	d, ok := dialects.Lookup(name)
	if !ok {
		ld.err = fmt.Errorf("tombstone: unknown dialect %q; available: %s", name, strings.Join(dialects.Names(), ", "))
		return ld
	}
	ld.dialect = d
	ld.linter, ld.err = lint.New(p, cfg)
	return ld
}

// findPolicy returns the nearest tombstone.yaml at or above dir, stopping
// at the module root (the directory holding go.mod), or "".
func findPolicy(dir string) string {
	for {
		p := filepath.Join(dir, "tombstone.yaml")
		if _, err := os.Stat(p); err == nil {
			return p
		}
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

func (c *checker) run(pass *analysis.Pass) (any, error) {
	if len(pass.Files) == 0 {
		return (*Result)(nil), nil
	}
	path := c.settings.Policy
	if path == "" {
		path = findPolicy(filepath.Dir(pass.Fset.File(pass.Files[0].Pos()).Name()))
		if path == "" {
			return (*Result)(nil), nil
		}
	}
	ld := c.linter(path)
	if ld.err != nil {
		return nil, ld.err
	}
	r := newReporter(pass, ld.linter, ld.dialect)
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	ins.Preorder([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node) {
		call := n.(*ast.CallExpr)
		if ast.IsGenerated(r.fileOf(call.Pos())) {
			return
		}
		if arg, b := r.calls.sqlArg(call); arg != nil {
			r.check(call, arg, b)
		}
	})
	r.report()
	r.reportSuppressions()
	return &Result{Suppressed: r.suppressedDiags, Tables: r.tables}, nil
}

// Result is what the analyzer returns for a package besides its
// diagnostics: the findings suppressions hid, so that tombstone lint can
// list them as suppressed in JSON and SARIF.
type Result struct {
	Suppressed []Suppressed
	// Tables names the policy table of each diagnostic, reported or not.
	Tables map[Key]string
}

// Key identifies a diagnostic in Result.Tables.
type Key struct {
	Pos, End token.Pos
	Message  string
}

// Suppressed is a diagnostic a //tombstone:ignore comment hid, and the
// comment's reason.
type Suppressed struct {
	Diagnostic analysis.Diagnostic
	Reason     string
}
