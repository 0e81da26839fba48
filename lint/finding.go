package lint

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Finding is one problem found in one file.
type Finding struct {
	Rule     *Rule
	Severity Severity
	// File is the file's path as given to the linter (relative paths stay
	// relative).
	File string
	// Line, Column, EndLine and EndColumn are 1-based; columns count bytes,
	// and EndColumn is the column after the last byte.
	Line, Column, EndLine, EndColumn int
	// Table is the policy name of the table the finding is about, or "".
	Table string
	// Query is the sqlc query name (-- name: X :one), or "".
	Query string
	// Message says what is wrong.
	Message string
	// Suggestion is the statement as the fix makes it, or "" when there is
	// no automatic fix.
	Suggestion string
	// Suppressed is set when a suppression comment hides the finding;
	// Reason is the comment's reason.
	Suppressed bool
	Reason     string
	// Fingerprint identifies the finding across runs without depending on
	// line numbers: the rule, file, query (or normalized statement), table
	// and occurrence.
	Fingerprint string

	// col16 and endCol16 are the columns in UTF-16 code units (SARIF's
	// default).
	col16, endCol16 int
	// key is what the fingerprint hashes, before the occurrence count.
	key string
}

// lines maps byte offsets of one text to lines and columns.
type lines struct {
	src    string
	starts []int
}

func newLines(src string) *lines {
	l := &lines{src: src, starts: []int{0}}
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			l.starts = append(l.starts, i+1)
		}
	}
	return l
}

// pos returns the 1-based line, byte column and UTF-16 column of offset.
func (l *lines) pos(off int) (line, col, col16 int) {
	if off < 0 {
		off = 0
	}
	if off > len(l.src) {
		off = len(l.src)
	}
	i := sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > off }) - 1
	start := l.starts[i]
	col16 = 1
	for _, r := range l.src[start:off] {
		if r == utf8.RuneError {
			col16++
			continue
		}
		col16 += len(utf16.Encode([]rune{r}))
	}
	return i + 1, off - start + 1, col16
}

// place sets the finding's positions from offsets in the file.
func (f *Finding) place(l *lines, start, end int) {
	if end < start {
		end = start
	}
	f.Line, f.Column, f.col16 = l.pos(start)
	f.EndLine, f.EndColumn, f.endCol16 = l.pos(end)
}

// normalize collapses runs of white space, so a fingerprint survives
// reformatting that changes only indentation and line breaks.
func normalize(s string) string { return strings.Join(strings.Fields(s), " ") }

// fingerprint sets the fingerprints of findings in one file: a hash of
// each finding's key, and the count of earlier findings with the same key.
func fingerprint(fs []*Finding) {
	seen := map[string]int{}
	for _, f := range fs {
		k := f.Rule.Code + "\x00" + f.File + "\x00" + f.key + "\x00" + f.Table
		sum := sha256.Sum256([]byte(k))
		seen[k]++
		f.Fingerprint = hex.EncodeToString(sum[:8]) + ":" + strconv.Itoa(seen[k])
	}
}

// Sort orders findings by file and position, then rule.
func Sort(fs []*Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		return a.Rule.Code < b.Rule.Code
	})
}

// NewFinding is a finding of rule between byte offsets start and end of
// src, the text of file, for inputs tombstone lint does not read itself
// (Go code, through the analyzer). Its fingerprint key is the finding's
// text, white space collapsed; call Fingerprint once a file's findings
// are made.
func NewFinding(file string, src []byte, start, end int, rule *Rule, sev Severity, message string) *Finding {
	f := &Finding{Rule: rule, Severity: sev, File: file, Message: message}
	if start < 0 || start > len(src) {
		start = 0
	}
	if end < start || end > len(src) {
		end = start
	}
	f.place(newLines(string(src)), start, end)
	f.key = normalize(string(src[start:end]))
	return f
}

// Fingerprint sets the fingerprints of one file's findings made with
// NewFinding, in the order given.
func Fingerprint(fs []*Finding) { fingerprint(fs) }
