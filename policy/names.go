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
	// pairs has a bit for each lower-case two-byte prefix of a relation
	// name: most positions of a statement fail this test at once.
	pairs   [1 << 16 / 64]uint64
	short   [256]bool // one-byte relation names
	ascii   bool      // every relation name is ASCII
	lowered []string  // relation names, lower case
}

func newNameIndex(tables []*Table) nameIndex {
	ix := nameIndex{byRelation: map[string][]*Table{}, ascii: true}
	for _, t := range tables {
		rel := strings.ToLower(t.Relation)
		if len(ix.byRelation[rel]) == 0 {
			ix.lowered = append(ix.lowered, rel)
		}
		ix.byRelation[rel] = append(ix.byRelation[rel], t)
		if len(rel) == 1 {
			ix.short[rel[0]] = true
		} else {
			p := uint16(rel[0])<<8 | uint16(rel[1])
			ix.pairs[p/64] |= 1 << (p % 64)
		}
		for i := 0; i < len(rel); i++ {
			if rel[i] >= utf8.RuneSelf {
				ix.ascii = false
			}
		}
	}
	return ix
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
func (p *Policy) MayMention(sql string) bool {
	if !p.names.ascii {
		low := strings.ToLower(sql)
		for _, name := range p.names.lowered {
			if strings.Contains(low, name) {
				return true
			}
		}
		return false
	}
	ix := &p.names
	next := lowerByte(sql, 0)
	for i := 0; i < len(sql); i++ {
		c := next
		next = lowerByte(sql, i+1)
		if ix.short[c] {
			return true
		}
		if pr := uint16(c)<<8 | uint16(next); ix.pairs[pr/64]&(1<<(pr%64)) == 0 {
			continue
		}
		for _, name := range ix.lowered {
			if len(name) <= len(sql)-i && name[0] == c && name[1] == next && strings.EqualFold(sql[i:i+len(name)], name) {
				return true
			}
		}
	}
	return false
}

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
