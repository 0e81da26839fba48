// Package docs checks that every example in the README and the docs pages
// is one a test runs.
//
// Each fenced code block must be preceded, on the line right before its
// opening fence, by exactly one marker line that says where the block comes
// from:
//
//	<!-- go: DIR ExampleName -->      the body of func ExampleName in DIR/*_test.go
//	<!-- file: PATH -->               the whole file PATH, which a test uses
//	<!-- excerpt: PATH -->            lines found contiguously, verbatim, in PATH
//	<!-- cli: testdata/DIR/CASE -->   $ tombstone ARGS… and the golden case's stdout
//	<!-- not-run: REASON -->          what no test can run, and why
//
// Relative links between the pages must name a file that exists and, with a
// #fragment, a heading of that file.
package docs

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// A Problem is one broken rule, at a line of a page.
type Problem struct {
	File string // the page, relative to the repository root
	Line int    // 1-based
	Msg  string
}

func (p Problem) String() string { return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg) }

var (
	// ErrNoExample is reported for a go: marker whose example does not exist.
	ErrNoExample = errors.New("no such Example function")
)

// A block is one fenced code block of a page.
type block struct {
	line   int    // the opening fence's line
	end    int    // the closing fence's line, 0 when never closed
	indent int    // spaces before the opening fence (a block in a list item)
	marker string // the marker line before it, "" when none
	body   string // the lines between the fences, each ending in "\n"
}

var markerRE = regexp.MustCompile(`^<!-- (go|file|excerpt|cli|not-run): ?(.*?) ?-->$`)

// anyMarkerRE matches what looks like a marker, well formed or not.
var anyMarkerRE = regexp.MustCompile(`^\s*<!--\s*[a-z-]+\s*:`)

// Check checks the pages (paths relative to root) and returns every problem
// found, in page and line order.
func Check(root string, pages []string) []Problem {
	return check(root, pages, false)
}

// Update rewrites the blocks of go:, file: and cli: markers in the pages
// with what their markers name, then checks the pages as Check does.
// Excerpts are left for a person to fix.
func Update(root string, pages []string) []Problem {
	check(root, pages, true)
	return check(root, pages, false)
}

func check(root string, pages []string, update bool) []Problem {
	c := &checker{root: root, anchors: map[string]map[string]bool{}, update: update}
	for _, page := range pages {
		c.page(page)
	}
	slices.SortStableFunc(c.problems, func(a, b Problem) int {
		if a.File != b.File {
			return strings.Compare(a.File, b.File)
		}
		return a.Line - b.Line
	})
	return c.problems
}

// Pages lists README.md and docs/*.md under root, the pages Check covers.
func Pages(root string) ([]string, error) {
	pages := []string{"README.md"}
	matches, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		return nil, err
	}
	for _, m := range matches {
		rel, err := filepath.Rel(root, m)
		if err != nil {
			return nil, err
		}
		pages = append(pages, filepath.ToSlash(rel))
	}
	return pages, nil
}

type checker struct {
	root     string
	problems []Problem
	anchors  map[string]map[string]bool // page → heading anchors
	golden   []string                   // directories the CLI golden test runs, cached
	update   bool                       // record edits instead of reporting stale blocks
	edits    map[int]string             // opening fence line → new body, for the page at hand
}

// stale reports a block whose body differs from want, or with update
// records the edit that fixes it.
func (c *checker) stale(page string, b block, want string, format string, args ...any) {
	if want == b.body {
		return
	}
	if c.update && b.end != 0 {
		c.edits[b.line] = want
		return
	}
	c.errorf(page, b.line, format+"\n%s", append(args, diff(want, b.body))...)
}

func (c *checker) errorf(file string, line int, format string, args ...any) {
	c.problems = append(c.problems, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

func (c *checker) page(page string) {
	data, err := os.ReadFile(filepath.Join(c.root, filepath.FromSlash(page)))
	if err != nil {
		c.errorf(page, 0, "cannot read the page: %v", err)
		return
	}
	lines := strings.SplitAfter(string(data), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	var blocks []block
	var prose []int // line numbers (0-based) outside code blocks
	for i := 0; i < len(lines); i++ {
		text := strings.TrimRight(lines[i], "\n")
		fence, ok := openFence(text)
		if !ok {
			prose = append(prose, i)
			continue
		}
		b := block{line: i + 1, indent: len(text) - len(strings.TrimLeft(text, " "))}
		if i > 0 {
			prev := strings.TrimSpace(lines[i-1])
			if anyMarkerRE.MatchString(prev) {
				b.marker = prev
			}
			if i > 1 && b.marker != "" && anyMarkerRE.MatchString(strings.TrimSpace(lines[i-2])) {
				c.errorf(page, i-1, "two marker lines before one code block; keep the one that says where the block comes from")
			}
		}
		indent := b.indent
		closed := false
		var body strings.Builder
		for i++; i < len(lines); i++ {
			t := strings.TrimRight(lines[i], "\n")
			if isCloseFence(t, fence) {
				closed = true
				b.end = i + 1
				break
			}
			// Lines of a block inside a list item carry the item's indentation.
			body.WriteString(trimIndent(t, indent) + "\n")
		}
		if !closed {
			c.errorf(page, b.line, "the code block opened here is never closed; add a line %s", fence)
		}
		b.body = body.String()
		blocks = append(blocks, b)
	}
	c.orphanMarkers(page, lines)
	c.edits = map[int]string{}
	for _, b := range blocks {
		c.block(page, b)
	}
	c.links(page, lines, prose)
	if len(c.edits) > 0 {
		c.rewrite(page, lines, blocks)
	}
}

// rewrite writes the page with the recorded edits.
func (c *checker) rewrite(page string, lines []string, blocks []block) {
	var out strings.Builder
	next := 0 // the next line (0-based) to copy
	for _, b := range blocks {
		body, ok := c.edits[b.line]
		if !ok {
			continue
		}
		for ; next < b.line; next++ {
			out.WriteString(lines[next])
		}
		pad := strings.Repeat(" ", b.indent)
		for _, l := range strings.SplitAfter(body, "\n") {
			if l == "" {
				continue
			}
			if l != "\n" {
				l = pad + l
			}
			out.WriteString(l)
		}
		next = b.end - 1
	}
	for ; next < len(lines); next++ {
		out.WriteString(lines[next])
	}
	if err := os.WriteFile(filepath.Join(c.root, filepath.FromSlash(page)), []byte(out.String()), 0o644); err != nil {
		c.errorf(page, 0, "cannot write the page: %v", err)
	}
}

// openFence reports whether a line opens a fenced block, and its fence.
func openFence(line string) (string, bool) {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 && !strings.HasPrefix(t, "```") && !strings.HasPrefix(t, "~~~") {
		return "", false
	}
	for _, ch := range []string{"`", "~"} {
		n := 0
		for n < len(t) && t[n:n+1] == ch {
			n++
		}
		if n >= 3 {
			return t[:n], true
		}
	}
	return "", false
}

func isCloseFence(line, fence string) bool {
	t := strings.TrimSpace(line)
	return strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]) == ""
}

func trimIndent(line string, n int) string {
	for i := 0; i < n && strings.HasPrefix(line, " "); i++ {
		line = line[1:]
	}
	return line
}

// orphanMarkers reports marker lines not followed by a code block.
func (c *checker) orphanMarkers(page string, lines []string) {
	inBlock := ""
	for i, l := range lines {
		text := strings.TrimRight(l, "\n")
		if inBlock != "" {
			if isCloseFence(text, inBlock) {
				inBlock = ""
			}
			continue
		}
		if f, ok := openFence(text); ok {
			inBlock = f
			continue
		}
		if !anyMarkerRE.MatchString(strings.TrimSpace(text)) {
			continue
		}
		next := ""
		if i+1 < len(lines) {
			next = strings.TrimRight(lines[i+1], "\n")
		}
		if _, ok := openFence(next); !ok && !anyMarkerRE.MatchString(strings.TrimSpace(next)) {
			c.errorf(page, i+1, "marker %q is not right before a code block; put it on the line above the opening fence", strings.TrimSpace(text))
		}
	}
}

func (c *checker) block(page string, b block) {
	if b.marker == "" {
		c.errorf(page, b.line, "code block without a marker; put one of <!-- go: DIR ExampleName -->, <!-- file: PATH -->, <!-- excerpt: PATH -->, <!-- cli: testdata/cli/CASE -->, <!-- not-run: REASON --> on the line before it")
		return
	}
	m := markerRE.FindStringSubmatch(b.marker)
	if m == nil {
		c.errorf(page, b.line-1, "bad marker %q; write <!-- KIND: ARG --> with KIND go, file, excerpt, cli or not-run", b.marker)
		return
	}
	kind, arg := m[1], strings.TrimSpace(m[2])
	if arg == "" {
		c.errorf(page, b.line-1, "marker %q names nothing; say what the block comes from (for not-run, why no test can run it)", b.marker)
		return
	}
	switch kind {
	case "go":
		c.goBlock(page, b, arg)
	case "file":
		c.fileBlock(page, b, arg)
	case "excerpt":
		c.excerptBlock(page, b, arg)
	case "cli":
		c.cliBlock(page, b, arg)
	case "not-run":
		// The reason is the argument; nothing to run.
	}
}

// repoPath checks that a marker's path is inside the repository and returns
// it as a file path under root.
func (c *checker) repoPath(page string, line int, p string) (string, bool) {
	clean := path.Clean(p)
	if path.IsAbs(p) || clean == ".." || strings.HasPrefix(clean, "../") {
		c.errorf(page, line, "marker path %q is outside the repository; write it relative to the repository root", p)
		return "", false
	}
	return filepath.Join(c.root, filepath.FromSlash(clean)), true
}

func (c *checker) goBlock(page string, b block, arg string) {
	dir, name, ok := strings.Cut(arg, " ")
	name = strings.TrimSpace(name)
	if !ok || !strings.HasPrefix(name, "Example") || strings.Contains(name, " ") {
		c.errorf(page, b.line-1, "go marker %q: write <!-- go: DIR ExampleName -->", arg)
		return
	}
	full, ok := c.repoPath(page, b.line-1, dir)
	if !ok {
		return
	}
	body, err := exampleBody(full, name)
	if err != nil {
		c.errorf(page, b.line-1, "go marker: %s in %s: %v", name, dir, err)
		return
	}
	if !strings.Contains(body, "// Output:") && !strings.Contains(body, "// Unordered output:") {
		c.errorf(page, b.line-1, "go marker: %s in %s has no // Output: comment, so go test compiles it but never runs it; add the output it prints", name, dir)
	}
	c.stale(page, b, body, "the block differs from the body of %s in %s/*_test.go (one tab of indentation removed); paste the body again or run go test ./internal/docs -update:", name, dir)
}

// exampleBody returns the body of the named function in dir's test files,
// each line with one leading tab removed.
func exampleBody(dir, name string) (string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	if err != nil {
		return "", err
	}
	fset := token.NewFileSet()
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		file, err := parser.ParseFile(fset, f, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return "", err
		}
		for _, d := range file.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || fn.Name.Name != name || fn.Body == nil {
				continue
			}
			start := fset.Position(fn.Body.Lbrace).Offset + 1
			end := fset.Position(fn.Body.Rbrace).Offset
			text := strings.TrimPrefix(string(src[start:end]), "\n")
			var out strings.Builder
			for _, l := range strings.SplitAfter(text, "\n") {
				if strings.TrimSpace(l) == "" {
					if strings.HasSuffix(l, "\n") {
						out.WriteString("\n")
					}
					continue
				}
				out.WriteString(strings.TrimPrefix(l, "\t"))
			}
			return out.String(), nil
		}
	}
	return "", ErrNoExample
}

func (c *checker) fileBlock(page string, b block, arg string) {
	full, ok := c.repoPath(page, b.line-1, arg)
	if !ok {
		return
	}
	data, err := os.ReadFile(full)
	if err != nil {
		c.errorf(page, b.line-1, "file marker: %v", err)
		return
	}
	c.stale(page, b, string(data), "the block differs from %s; paste the whole file again or run go test ./internal/docs -update:", arg)
	if !c.usedByTest(arg) {
		c.errorf(page, b.line-1, "file marker: no test names %s (or a directory above it); show a file a test loads", arg)
	}
}

// usedByTest reports whether some _test.go file of the repository names the
// path or one of the directories above it.
func (c *checker) usedByTest(p string) bool {
	p = path.Clean(p)
	var names []string
	for q := p; q != "." && q != "/"; q = path.Dir(q) {
		names = append(names, q)
	}
	found := false
	_ = filepath.WalkDir(c.root, func(file string, d fs.DirEntry, err error) error {
		if err != nil || found {
			return fs.SkipAll
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && file != c.root) {
			return fs.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(file, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(file)
		if err != nil {
			return nil
		}
		for _, n := range names {
			if bytes.Contains(src, []byte(`"`+n)) || bytes.Contains(src, []byte(`/`+n)) {
				found = true
				return fs.SkipAll
			}
		}
		return nil
	})
	return found
}

func (c *checker) excerptBlock(page string, b block, arg string) {
	full, ok := c.repoPath(page, b.line-1, arg)
	if !ok {
		return
	}
	data, err := os.ReadFile(full)
	if err != nil {
		c.errorf(page, b.line-1, "excerpt marker: %v", err)
		return
	}
	if b.body == "" {
		c.errorf(page, b.line, "the excerpt of %s is empty; paste the lines it shows", arg)
		return
	}
	text := string(data)
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	if !strings.HasPrefix(text, b.body) && !strings.Contains(text, "\n"+b.body) {
		c.errorf(page, b.line, "the block's lines do not occur, whole and in a row, in %s; copy them from the file again", arg)
	}
}

var globRE = regexp.MustCompile(`filepath\.Glob\("(testdata/[^"*]+)/\*"\)`)

// goldenDirs lists the directories whose cases the CLI golden test runs:
// the testdata/DIR/* patterns internal/cli's tests glob.
func (c *checker) goldenDirs() []string {
	if c.golden != nil {
		return c.golden
	}
	c.golden = []string{}
	files, _ := filepath.Glob(filepath.Join(c.root, "internal", "cli", "*_test.go"))
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, m := range globRE.FindAllStringSubmatch(string(src), -1) {
			if !slices.Contains(c.golden, m[1]) {
				c.golden = append(c.golden, m[1])
			}
		}
	}
	return c.golden
}

func (c *checker) cliBlock(page string, b block, arg string) {
	dir := path.Clean(arg)
	if !slices.Contains(c.goldenDirs(), path.Dir(dir)) {
		c.errorf(page, b.line-1, "cli marker %q: not a case of the CLI golden test (it runs %s); put the case there", arg, strings.Join(c.goldenDirs(), "/*, ")+"/*")
		return
	}
	full, ok := c.repoPath(page, b.line-1, dir)
	if !ok {
		return
	}
	rawArgs, err := os.ReadFile(filepath.Join(full, "args"))
	if err != nil {
		c.errorf(page, b.line-1, "cli marker: %v", err)
		return
	}
	stdout, err := os.ReadFile(filepath.Join(full, "stdout"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		c.errorf(page, b.line-1, "cli marker: %v", err)
		return
	}
	want := CommandLine(strings.Split(strings.TrimRight(string(rawArgs), "\n"), "\n")) + "\n" + string(stdout)
	c.stale(page, b, want, "the block differs from the golden case %s ($ tombstone ARGS, then its stdout); paste it again or run go test ./internal/docs -update:", arg)
}

// CommandLine writes args as a shell command line after "$ tombstone",
// single-quoting only the arguments that need it.
func CommandLine(args []string) string {
	var b strings.Builder
	b.WriteString("$ tombstone")
	for _, a := range args {
		b.WriteString(" ")
		b.WriteString(shellQuote(a))
	}
	return b.String()
}

var plainArgRE = regexp.MustCompile(`^[A-Za-z0-9_@%+=:,./-]+$`)

func shellQuote(s string) string {
	if plainArgRE.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// diff shows the first line where want and got part.
func diff(want, got string) string {
	w := strings.Split(want, "\n")
	g := strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl || i >= len(w) || i >= len(g) {
			return fmt.Sprintf("\tfirst difference at line %d of the block:\n\twant %q\n\tgot  %q", i+1, wl, gl)
		}
	}
	return ""
}

var (
	linkRE       = regexp.MustCompile(`\]\(([^)\s]+)\)`)
	codeSpanRE   = regexp.MustCompile("`[^`]*`")
	headingRE    = regexp.MustCompile(`^#{1,6}\s+(.*?)\s*#*\s*$`)
	schemeRE     = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)
	slugStripRE  = regexp.MustCompile(`[^\p{L}\p{N}\s_-]`)
	htmlAnchorRE = regexp.MustCompile(`<a (?:name|id)="([^"]+)"`)
)

// links checks the page's relative links: the file must exist and a
// #fragment must be one of its headings' anchors.
func (c *checker) links(page string, lines []string, prose []int) {
	for _, i := range prose {
		text := codeSpanRE.ReplaceAllString(lines[i], "")
		for _, m := range linkRE.FindAllStringSubmatch(text, -1) {
			target := m[1]
			if schemeRE.MatchString(target) {
				continue
			}
			file, frag, _ := strings.Cut(target, "#")
			dest := page
			if file != "" {
				dest = path.Join(path.Dir(page), file)
				if strings.HasPrefix(path.Clean(dest), "../") {
					c.errorf(page, i+1, "link %q leaves the repository", target)
					continue
				}
				info, err := os.Stat(filepath.Join(c.root, filepath.FromSlash(dest)))
				if err != nil {
					c.errorf(page, i+1, "link %q: %s does not exist; fix the path (relative to %s)", target, dest, path.Dir(page))
					continue
				}
				if info.IsDir() {
					continue
				}
			}
			if frag == "" || !strings.HasSuffix(dest, ".md") {
				continue
			}
			if !c.anchorsOf(dest)[frag] {
				c.errorf(page, i+1, "link %q: %s has no heading with the anchor #%s; link one of its headings", target, dest, frag)
			}
		}
	}
}

// anchorsOf returns the anchors GitHub gives a page's headings.
func (c *checker) anchorsOf(page string) map[string]bool {
	if a, ok := c.anchors[page]; ok {
		return a
	}
	a := map[string]bool{}
	c.anchors[page] = a
	data, err := os.ReadFile(filepath.Join(c.root, filepath.FromSlash(page)))
	if err != nil {
		return a
	}
	count := map[string]int{}
	fence := ""
	for _, l := range strings.Split(string(data), "\n") {
		if fence != "" {
			if isCloseFence(l, fence) {
				fence = ""
			}
			continue
		}
		if f, ok := openFence(l); ok {
			fence = f
			continue
		}
		for _, m := range htmlAnchorRE.FindAllStringSubmatch(l, -1) {
			a[m[1]] = true
		}
		m := headingRE.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		slug := Slug(m[1])
		if n := count[slug]; n > 0 {
			a[fmt.Sprintf("%s-%d", slug, n)] = true
		} else {
			a[slug] = true
		}
		count[slug]++
	}
	return a
}

// Slug is the anchor GitHub gives a heading: lower case, punctuation
// removed, spaces turned into hyphens.
func Slug(heading string) string {
	// Links in a heading count by their text.
	heading = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`).ReplaceAllString(heading, "$1")
	s := strings.ToLower(heading)
	s = slugStripRE.ReplaceAllString(s, "")
	return strings.ReplaceAll(s, " ", "-")
}
