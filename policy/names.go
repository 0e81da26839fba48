package policy

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// How a policy name matches a table reference in SQL:
//
//   - Names compare case-insensitively, whether the SQL quotes them or not:
//     "Customers", `customers` and CUSTOMERS all match customers. Where a
//     database would tell two spellings apart, tombstone still governs both
//     (fail safe).
//   - An unqualified policy name (customers) matches the relation in every
//     schema: customers, public.customers, sales.customers.
//   - A qualified policy name (sales.customers) matches sales.customers and
//     the unqualified customers, which the search path may resolve to it;
//     it does not match other.customers.
//   - A database or catalog part in front of the schema is ignored.
//
// When one unqualified reference matches two qualified policy names
// (sales.customers and crm.customers), the reference is ambiguous and
// statements using it are refused.

type nameIndex struct {
	byRelation map[string][]*Table
	lowered    []string // relation names, lower case
	words      *Words   // finds them in statement text
}

func newNameIndex(tables []*Table) nameIndex {
	ix := nameIndex{byRelation: map[string][]*Table{}}
	for _, t := range tables {
		rel := strings.ToLower(t.Relation)
		if len(ix.byRelation[rel]) == 0 {
			ix.lowered = append(ix.lowered, rel)
		}
		ix.byRelation[rel] = append(ix.byRelation[rel], t)
	}
	ix.words = NewWords(ix.lowered, nil)
	return ix
}

// Relations returns the governed relation names, lower case.
func (p *Policy) Relations() []string { return append([]string(nil), p.names.lowered...) }

// Words finds any of a set of words in text, case-insensitively, in one
// pass and without allocating: the quick reject's scan.
type Words struct {
	first  [256]bool            // lower-case first bytes of the words
	pairs  [1 << 16 / 64]uint64 // lower-case two-byte prefixes
	short  [256]bool            // one-byte words
	words  []string             // lower case
	checks map[string]func(text string, at int) bool
	ascii  bool
}

// NewWords returns a finder for words. A word with a check counts only
// where the check, given the text and the word's offset, agrees.
func NewWords(words []string, checks map[string]func(text string, at int) bool) *Words {
	w := &Words{checks: checks, ascii: true}
	for _, word := range words {
		word = strings.ToLower(word)
		if word == "" {
			continue
		}
		w.words = append(w.words, word)
		w.first[word[0]] = true
		if len(word) == 1 {
			w.short[word[0]] = true
		} else {
			p := uint16(word[0])<<8 | uint16(word[1])
			w.pairs[p/64] |= 1 << (p % 64)
		}
		for i := 0; i < len(word); i++ {
			if word[i] >= utf8.RuneSelf {
				w.ascii = false
			}
		}
	}
	return w
}

// In reports whether text holds one of the words.
func (w *Words) In(text string) bool {
	if !w.ascii {
		low := strings.ToLower(text)
		for _, word := range w.words {
			if i := strings.Index(low, word); i >= 0 && (w.checks[word] == nil || w.checks[word](text, i)) {
				return true
			}
		}
		return false
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if !w.first[c] {
			continue
		}
		if w.short[c] {
			return true
		}
		next := lowerByte(text, i+1)
		if pr := uint16(c)<<8 | uint16(next); w.pairs[pr/64]&(1<<(pr%64)) == 0 {
			continue
		}
		for _, word := range w.words {
			if len(word) <= len(text)-i && word[0] == c && word[1] == next && strings.EqualFold(text[i:i+len(word)], word) {
				if check := w.checks[word]; check == nil || check(text, i) {
					return true
				}
			}
		}
	}
	return false
}

// AmbiguousError reports an unqualified reference that matches two
// qualified policy names.
type AmbiguousError struct {
	Relation string
	Tables   []*Table
}

func (e *AmbiguousError) Error() string {
	names := make([]string, len(e.Tables))
	for i, t := range e.Tables {
		names[i] = t.Name
	}
	return fmt.Sprintf("table %s is ambiguous: the policy governs %s; qualify it with its schema", e.Relation, strings.Join(names, " and "))
}

// Lookup returns the rule governing a reference to schema.relation (schema
// may be empty), nil for an ungoverned table, or an *AmbiguousError.
func (p *Policy) Lookup(schema, relation string) (*Table, error) {
	cands := p.names.byRelation[lower(relation)]
	if len(cands) == 0 {
		return nil, nil
	}
	var match *Table
	var all []*Table
	for _, t := range cands {
		if t.Schema == "" || schema == "" || strings.EqualFold(t.Schema, schema) {
			if match != nil {
				all = append(all, t)
				continue
			}
			match = t
			all = append(all, t)
		}
	}
	if len(all) > 1 {
		return nil, &AmbiguousError{Relation: relation, Tables: all}
	}
	return match, nil
}

func lower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf {
			return strings.ToLower(s)
		}
	}
	return s
}

// MayMention reports whether sql could refer to a governed table: it looks
// for any governed relation name as a case-insensitive substring. False
// means no statement in sql can touch a governed table; true means it may.
func (p *Policy) MayMention(sql string) bool { return p.names.words.In(sql) }

func lowerByte(s string, i int) byte {
	if i >= len(s) {
		return 0
	}
	c := s[i]
	if c >= 'A' && c <= 'Z' {
		c += 'a' - 'A'
	}
	return c
}
