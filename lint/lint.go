package lint

import (
	"fmt"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/tombstone-sql/tombstone/policy"
	"github.com/tombstone-sql/tombstone/rewrite"
)

// Linter lints SQL under one policy. It is safe for concurrent use.
type Linter struct {
	policy *policy.Policy
	config *Config

	mu  sync.Mutex
	rws map[string]*rewrite.Rewriter
}

// New returns a Linter for policy p with settings c (nil: the policy's).
func New(p *policy.Policy, c *Config) (*Linter, error) {
	if c == nil {
		var err error
		if c, err = NewConfig(p); err != nil {
			return nil, err
		}
	}
	return &Linter{policy: p, config: c, rws: map[string]*rewrite.Rewriter{}}, nil
}

// Config returns the linter's settings.
func (l *Linter) Config() *Config { return l.config }

func (l *Linter) rewriter(d rewrite.Dialect) *rewrite.Rewriter {
	l.mu.Lock()
	defer l.mu.Unlock()
	rw := l.rws[d.Name()]
	if rw == nil {
		rw = rewrite.New(l.policy, d)
		l.rws[d.Name()] = rw
	}
	return rw
}

// InputError is a file the linter cannot read as SQL: exit status 2, not a
// finding.
type InputError struct {
	File         string
	Line, Column int // 0 when unknown
	Msg          string
}

func (e *InputError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// FileResult is the lint of one SQL file.
type FileResult struct {
	File     string
	Findings []*Finding
	// Source is the file's text; Fixed is the text with the fixes of every
	// unsuppressed finding applied (equal to Source when there are none).
	Source, Fixed string
	// Statements counts the statements linted.
	Statements int
}

// queryName matches sqlc's query annotation: name: GetAuthor :one.
var queryName = regexp.MustCompile(`^\s*name:\s*(\S+)\s+:\S+`)

// File lints the SQL text src of file name (a path, used in findings) in
// dialect d. A binary or non-UTF-8 file is an *InputError.
func (l *Linter) File(name string, src []byte, d rewrite.Dialect) (*FileResult, error) {
	text := string(src)
	ln := newLines(text)
	if i := strings.IndexByte(text, 0); i >= 0 {
		line, _, _ := ln.pos(i)
		return nil, &InputError{File: name, Msg: fmt.Sprintf("binary file (NUL byte on line %d); tombstone lint reads SQL text", line)}
	}
	if !utf8.ValidString(text) {
		i := 0
		for i < len(text) {
			r, size := utf8.DecodeRuneInString(text[i:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			i += size
		}
		line, col, _ := ln.pos(i)
		return nil, &InputError{File: name, Line: line, Column: col, Msg: "not valid UTF-8; tombstone lint reads SQL files as UTF-8"}
	}
	res := &FileResult{File: name, Source: text, Fixed: text}
	chunks := lexerFor(d.Name()).split(text)
	// Suppressions first, from the comments alone, so that each statement
	// is done with once linted: findings placed, suppressed, fixed, and its
	// analysis dropped. Memory then follows the largest statement, not the
	// file.
	locals := make([][]*Suppression, len(chunks))
	var fileSups, all []*Suppression
	for i, ch := range chunks {
		for _, s := range parseSQLSuppressions(ch.comments) {
			if s.File {
				fileSups = append(fileSups, s)
			} else {
				locals[i] = append(locals[i], s)
			}
			all = append(all, s)
		}
	}
	var edits []rewrite.Edit
	l.each(text, chunks, d, DialectBindvars, func(i int, st Statement) {
		if st.Check == nil {
			return
		}
		ch := st.chunk
		res.Statements++
		c := st.Check
		key := st.Query
		if key == "" {
			key = normalize(text[ch.code:ch.end])
		}
		suppressed := map[*Issue]bool{}
		for _, is := range c.Issues {
			f := &Finding{Rule: is.Rule, Severity: l.config.Severity(is.Rule), File: name, Table: is.Table, Query: st.Query, Message: is.Message, key: key}
			f.place(ln, ch.code+is.Start, ch.code+is.End)
			if len(is.Actions) > 0 {
				// The edits apply to the statement as written, sqlc macros
				// and all.
				if _, es, ok := c.Fix(func(x *Issue) bool { return x == is }); ok {
					f.Suggestion = strings.TrimSpace(applyEdits(text[ch.code:ch.end], es))
				}
			}
			suppress(f, locals[i])
			if !f.Suppressed {
				suppress(f, fileSups)
			}
			suppressed[is] = f.Suppressed
			res.Findings = append(res.Findings, f)
		}
		// Fix what is not suppressed.
		if _, es, ok := c.Fix(func(is *Issue) bool { return !suppressed[is] }); ok {
			for _, e := range es {
				e.Start += ch.code
				e.End += ch.code
				edits = append(edits, e)
			}
		}
	})
	res.Findings = append(res.Findings, l.suppressionFindings(name, ln, all)...)
	res.Fixed = applyEdits(text, edits)
	Sort(res.Findings)
	fingerprint(res.Findings)
	return res, nil
}

// Statement is one statement of a text and its check.
type Statement struct {
	// Offset is where the statement's first token starts in the text.
	Offset int
	// Query is the sqlc query name from the statement's comments, or "".
	Query string
	// Check is the statement's analysis; nil for a chunk of comments only.
	*Check

	chunk *chunk
}

// Text splits SQL text into statements and lints each in dialect d. Issue
// offsets are relative to each statement's Offset.
func (l *Linter) Text(text string, d rewrite.Dialect) []Statement {
	return l.statements(text, d, DialectBindvars)
}

// TextBindvars is Text for SQL whose parameters a library rewrites before
// the database sees them (sqlx's ? and :name): they are read as parameters.
func (l *Linter) TextBindvars(text string, d rewrite.Dialect, b Bindvars) []Statement {
	return l.statements(text, d, b)
}

func (l *Linter) statements(text string, d rewrite.Dialect, b Bindvars) []Statement {
	chunks := lexerFor(d.Name()).split(text)
	out := make([]Statement, len(chunks))
	l.each(text, chunks, d, b, func(i int, st Statement) { out[i] = st })
	return out
}

// MaxStatement is the longest statement tombstone lint checks, in bytes;
// a longer one is an unparsed-statement finding, not checked.
const MaxStatement = 1 << 20

// each lints the chunks of text and calls f with each statement, in order.
// Statements are independent: they are parsed on every core, a batch at a
// time, so that only a batch's analyses are held at once.
func (l *Linter) each(text string, chunks []*chunk, d rewrite.Dialect, b Bindvars, f func(int, Statement)) {
	workers := runtime.GOMAXPROCS(0)
	batch := make([]Statement, 0, 4*workers)
	for lo := 0; lo < len(chunks); lo += cap(batch) {
		hi := min(lo+cap(batch), len(chunks))
		batch = batch[:hi-lo]
		var wg sync.WaitGroup
		work := make(chan int)
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range work {
					ch := chunks[i]
					batch[i-lo].Check = l.check(text[ch.code:ch.end], ch, b, d)
				}
			}()
		}
		for i := lo; i < hi; i++ {
			ch := chunks[i]
			batch[i-lo] = Statement{Offset: ch.code, chunk: ch}
			if ch.code >= ch.end {
				continue
			}
			for _, cm := range ch.leading() {
				if m := queryName.FindStringSubmatch(cm.text); m != nil {
					batch[i-lo].Query = m[1]
				}
			}
			work <- i
		}
		close(work)
		wg.Wait()
		for i := lo; i < hi; i++ {
			f(i, batch[i-lo])
			batch[i-lo] = Statement{}
		}
	}
}

// check lints one statement's text, unless it is longer than MaxStatement.
func (l *Linter) check(text string, ch *chunk, b Bindvars, d rewrite.Dialect) *Check {
	if len(text) > MaxStatement {
		c := &Check{Plan: &rewrite.Plan{SQL: text}}
		if l.config.Severity(UnparsedStatement) != Off {
			c.Issues = []*Issue{{Rule: UnparsedStatement, Start: 0, End: tokenEnd(text, 0),
				Message: fmt.Sprintf("statement not checked: it is %d bytes long, and tombstone lint checks statements of at most %d bytes (1 MiB); split it, e.g. a long IN list into a join with a table of the values", len(text), MaxStatement)}}
		}
		return c
	}
	return l.Statement(neutralize(text, ch.params(b, d.Name())), d)
}

// suppress marks f suppressed by the first suppression of its rule.
func suppress(f *Finding, sups []*Suppression) {
	for _, s := range sups {
		if s.Rule == f.Rule {
			f.Suppressed, f.Reason = true, s.Reason
			s.Used = true
			return
		}
	}
}

// SuppressionIssue returns the finding a suppression itself makes: bad
// (no known rule, no reason) or unused once linting is done. A suppression
// of a rule that is off, or of unused-suppression itself, is never unused.
// ok is false when there is none, or its rule is off.
func (l *Linter) SuppressionIssue(s *Suppression, where string) (rule *Rule, msg string, ok bool) {
	switch {
	case s.Bad != "":
		rule, msg = BadSuppression, "suppression "+s.Bad
	case !s.Used && s.Rule != UnusedSuppression && l.config.Severity(s.Rule) != Off:
		rule, msg = UnusedSuppression, fmt.Sprintf("suppression of %s %s suppressed nothing in its %s; remove it", s.Rule.Code, s.Rule.Name, where)
	default:
		return nil, "", false
	}
	return rule, msg, l.config.Severity(rule) != Off
}

// suppressionFindings reports a file's bad and unused suppressions.
func (l *Linter) suppressionFindings(name string, ln *lines, sups []*Suppression) []*Finding {
	var out []*Finding
	for _, s := range sups {
		where := "statement"
		if s.File {
			where = "file"
		}
		rule, msg, ok := l.SuppressionIssue(s, where)
		if !ok {
			continue
		}
		f := &Finding{Rule: rule, Severity: l.config.Severity(rule), File: name, Message: msg, key: ln.src[s.Start:s.End]}
		f.place(ln, s.Start, s.End)
		out = append(out, f)
	}
	// unused-suppression findings can themselves be suppressed file-wide.
	for _, f := range out {
		for _, s := range sups {
			if s.File && s.Rule == f.Rule {
				f.Suppressed, f.Reason = true, s.Reason
			}
		}
	}
	return out
}

// applyEdits applies sorted, non-overlapping edits to src.
func applyEdits(src string, edits []rewrite.Edit) string {
	if len(edits) == 0 {
		return src
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].Start < edits[j].Start })
	var b strings.Builder
	at := 0
	for _, e := range edits {
		if e.Start < at {
			continue
		}
		b.WriteString(src[at:e.Start])
		b.WriteString(e.Text)
		at = e.End
	}
	b.WriteString(src[at:])
	return b.String()
}
