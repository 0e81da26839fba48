package mysql

import "strings"

// Character sets. The server reads a statement's bytes in the
// connection's client character set (character_set_client) before it
// lexes them; the adapter lexes bytes, reading every byte from 0x80 up as
// part of a name. The two agree only in character sets whose multi-byte
// characters hold no byte below 0x80 (GBK, BIG5, SJIS, CP932 and EUC-KR
// hold trail bytes such as ` ' \ and letters, which would end a quoted name
// or string where the server sees none end) and where the server reads no
// byte from 0x80 up as a space (latin1 and most single-byte sets read 0xA0
// as one: customers\xA0 would be the table customers to the server and
// another name to the adapter). safeCharsets are the character sets that
// hold both, checked against the server by the live tests.
var safeCharsets = map[string]bool{
	"utf8mb4": true,
	"utf8mb3": true,
	"utf8":    true, // utf8mb3, or utf8mb4 where old_mode says so
	"ascii":   true,
	"binary":  true,
}

// EncodingWords returns the words of the statements that change the
// client character set: SET NAMES, SET CHARACTER SET, SET CHARSET and SET
// character_set_client.
func (Dialect) EncodingWords() []string {
	return []string{"names", "charset", "character", "character_set_client"}
}

// EncodingQuery returns the connection's client character set.
func (Dialect) EncodingQuery() string { return "SELECT @@character_set_client" }

// SafeEncoding reports whether the server reads statements in character
// set name byte for byte as the adapter does.
func (Dialect) SafeEncoding(name string) bool { return safeCharsets[strings.ToLower(name)] }

// EncodingAdvice says which character sets tombstone reads as the server
// does.
func (Dialect) EncodingAdvice() string {
	return "use utf8mb4 (charset=utf8mb4 in the DSN, SET NAMES utf8mb4), utf8mb3, ascii or binary"
}

// encoding marks a SET statement that changes the client character set to
// anything but a safe one named literally: SET NAMES, SET CHARACTER SET,
// SET CHARSET, or an assignment to character_set_client in any scope and
// spelling (@@session.character_set_client, SESSION character_set_client,
// SET STATEMENT …). DEFAULT, variables and expressions are refused, as the
// character set they name cannot be known here. Compound statements
// (BEGIN NOT ATOMIC … END) holding one do not parse and are refused as
// such, and stored programs are refused wherever they may change it.
func (w *walker) encoding() {
	if !w.kw(w.lo, "SET") {
		return
	}
	d := w.lx.t[w.lo].depth
	statement := w.kw(w.lo+1, "STATEMENT")
	i := w.lo + 1
	if statement {
		i++
	}
	for i < w.hi && w.stmt.Encoding == "" {
		end := w.find(i, w.hi, d, func(j int) bool { return w.op(j, ",") || statement && w.kw(j, "FOR") })
		w.encodingItem(i, end)
		if end >= w.hi || !w.op(end, ",") {
			break
		}
		i = end + 1
	}
}

// encodingItem checks one assignment of a SET, tokens [i, end).
func (w *walker) encodingItem(i, end int) {
	for w.kwAny(i, "GLOBAL", "SESSION", "LOCAL", "PERSIST", "PERSIST_ONLY") {
		i++
	}
	var value int
	switch {
	case w.kw(i, "NAMES"):
		value = i + 1
	case w.kw(i, "CHARSET"):
		value = i + 1
	case w.kw(i, "CHARACTER") && w.kw(i+1, "SET"):
		value = i + 2
	default:
		name, next := w.variableName(i, end)
		if name != "character_set_client" {
			return
		}
		if !w.op(next, "=") && !w.op(next, ":=") {
			w.stmt.Encoding = "SET " + w.lx.text(i, end-1)
			return
		}
		value = next + 1
	}
	ok := value < end && (value+1 == end || w.kw(i, "NAMES") && w.kw(value+1, "COLLATE"))
	if ok {
		switch t := w.lx.t[value]; t.kind {
		case word, str, quoted:
			ok = !w.kw(value, "DEFAULT") && safeCharsets[strings.ToLower(w.lx.name(value))]
		default:
			ok = false
		}
	}
	if !ok {
		w.stmt.Encoding = "SET " + w.lx.text(i, max(end-1, i))
	}
}

// variableName returns the lower-case name of the system variable a SET
// item assigns at token i (@@character_set_client,
// @@session.`character_set_client`, character_set_client) without its
// scope, "" for a user variable, and the token after the name.
func (w *walker) variableName(i, end int) (string, int) {
	if i >= end {
		return "", i
	}
	var name string
	switch t := w.lx.t[i]; t.kind {
	case variable:
		s := w.lx.src[t.start:t.end]
		if !strings.HasPrefix(s, "@@") {
			return "", i + 1
		}
		name = s[2:]
		i++
		if strings.HasSuffix(name, ".") && i < end && (w.lx.t[i].kind == word || w.lx.t[i].kind == quoted) {
			name += w.lx.name(i)
			i++
		}
	case word, quoted:
		name = w.lx.name(i)
		i++
		for w.op(i, ".") && i+1 < end && (w.lx.t[i+1].kind == word || w.lx.t[i+1].kind == quoted) {
			name = w.lx.name(i + 1)
			i += 2
		}
	default:
		return "", i + 1
	}
	if k := strings.LastIndexByte(name, '.'); k >= 0 {
		name = name[k+1:]
	}
	return strings.ToLower(name), i
}
