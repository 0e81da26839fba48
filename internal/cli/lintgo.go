package cli

import (
	"fmt"
	"go/token"
	"os"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/tombstone-sql/tombstone/lint"
	"github.com/tombstone-sql/tombstone/lint/analyzer"
)

// goPattern reports whether a lint argument names Go code: a package
// pattern with "..." or a .go file.
func goPattern(arg string) bool {
	return strings.HasSuffix(arg, ".go") || strings.HasSuffix(arg, "...")
}

// lintGo runs the Go analyzer (tombstone-vet's) on package patterns, test
// files included, and returns its diagnostics, and the ones suppressions
// hid, as findings.
func lintGo(patterns []string, s analyzer.Settings, cfg *lint.Config) ([]*lint.Finding, error) {
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax, Tests: true}, patterns...)
	if err != nil {
		return nil, fmt.Errorf("loading Go packages %s: %v", strings.Join(patterns, " "), err)
	}
	var errs []string
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			errs = append(errs, e.Error())
		}
	})
	if len(errs) > 0 {
		return nil, fmt.Errorf("the Go packages do not load: %s", strings.Join(errs, "; "))
	}
	g, err := checker.Analyze([]*analysis.Analyzer{analyzer.New(s)}, pkgs, nil)
	if err != nil {
		return nil, err
	}
	byFile := map[string][]*lint.Finding{}
	sources := map[string][]byte{}
	// With tests, a file belongs to a package and to its test variant:
	// each finding is kept once.
	type place struct {
		file       string
		start, end int
		message    string
	}
	seen := map[place]bool{}
	add := func(fset *token.FileSet, r *analyzer.Result, d analysis.Diagnostic, suppressed bool, reason string) error {
		rule := lint.LookupRule(d.Category)
		if rule == nil {
			return fmt.Errorf("the analyzer reported an unknown rule %q", d.Category)
		}
		start, end := fset.Position(d.Pos), fset.Position(d.End)
		k := place{start.Filename, start.Offset, end.Offset, d.Message}
		if seen[k] {
			return nil
		}
		seen[k] = true
		src, ok := sources[start.Filename]
		if !ok {
			if src, err = os.ReadFile(start.Filename); err != nil {
				return err
			}
			sources[start.Filename] = src
		}
		msg := strings.TrimPrefix(d.Message, rule.Code+" "+rule.Name+": ")
		f := lint.NewFinding(display(start.Filename), src, start.Offset, end.Offset, rule, cfg.Severity(rule), msg)
		f.Suppressed, f.Reason = suppressed, reason
		if r != nil {
			f.Table = r.Tables[analyzer.Key{Pos: d.Pos, End: d.End, Message: d.Message}]
		}
		if len(d.SuggestedFixes) > 0 {
			f.Suggestion = suggestion(fset, src, d.SuggestedFixes[0].TextEdits)
		}
		byFile[start.Filename] = append(byFile[start.Filename], f)
		return nil
	}
	for _, act := range g.Roots {
		if act.Err != nil {
			return nil, fmt.Errorf("%s: %v", act.Package.PkgPath, act.Err)
		}
		fset := act.Package.Fset
		r, _ := act.Result.(*analyzer.Result)
		for _, d := range act.Diagnostics {
			if err := add(fset, r, d, false, ""); err != nil {
				return nil, err
			}
		}
		if r != nil {
			for _, sd := range r.Suppressed {
				if err := add(fset, r, sd.Diagnostic, true, sd.Reason); err != nil {
					return nil, err
				}
			}
		}
	}
	files := make([]string, 0, len(byFile))
	for f := range byFile {
		files = append(files, f)
	}
	sort.Strings(files)
	var all []*lint.Finding
	for _, f := range files {
		fs := byFile[f]
		lint.Sort(fs)
		lint.Fingerprint(fs)
		all = append(all, fs...)
	}
	return all, nil
}

// suggestion is the source lines a fix's edits touch, as the fix makes
// them, without their indentation.
func suggestion(fset *token.FileSet, src []byte, edits []analysis.TextEdit) string {
	if len(edits) == 0 {
		return ""
	}
	type edit struct {
		start, end int
		text       string
	}
	es := make([]edit, 0, len(edits))
	for _, e := range edits {
		es = append(es, edit{fset.Position(e.Pos).Offset, fset.Position(e.End).Offset, string(e.NewText)})
	}
	sort.Slice(es, func(i, j int) bool { return es[i].start < es[j].start })
	lo, hi := es[0].start, es[len(es)-1].end
	for _, e := range es {
		if e.end > hi {
			hi = e.end
		}
		if e.start < 0 || e.end > len(src) || e.end < e.start {
			return ""
		}
	}
	for lo > 0 && src[lo-1] != '\n' {
		lo--
	}
	for hi < len(src) && src[hi] != '\n' {
		hi++
	}
	var b strings.Builder
	at := lo
	for _, e := range es {
		if e.start < at {
			return "" // overlapping edits: no single text to show
		}
		b.Write(src[at:e.start])
		b.WriteString(e.text)
		at = e.end
	}
	b.Write(src[at:hi])
	return strings.TrimSpace(b.String())
}
