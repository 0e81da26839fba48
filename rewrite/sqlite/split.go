package sqlite

// stmt is one statement of the input: its significant tokens (no white
// space, comments or the closing semicolon) and the byte range they cover.
type stmt struct {
	toks       []token
	start, end int
}

// The states and token classes of sqlite3_complete (complete.c), which
// decides where a statement ends: at a semicolon, except inside the body
// of CREATE TRIGGER … BEGIN … END.
const (
	cSemi = iota
	cWS
	cOther
	cExplain
	cCreate
	cTemp
	cTrigger
	cEnd
)

var completeTrans = [8][8]uint8{
	/*             SEMI WS OTHER EXPLAIN CREATE TEMP TRIGGER END */
	/* 0 INVALID */ {1, 0, 2, 3, 4, 2, 2, 2},
	/* 1 START   */ {1, 1, 2, 3, 4, 2, 2, 2},
	/* 2 NORMAL  */ {1, 2, 2, 2, 2, 2, 2, 2},
	/* 3 EXPLAIN */ {1, 3, 3, 2, 4, 2, 2, 2},
	/* 4 CREATE  */ {1, 4, 2, 2, 2, 4, 5, 2},
	/* 5 TRIGGER */ {6, 5, 5, 5, 5, 5, 5, 5},
	/* 6 SEMI    */ {6, 6, 5, 5, 5, 5, 5, 7},
	/* 7 END     */ {1, 7, 5, 5, 5, 5, 5, 5},
}

func completeClass(t token) int {
	switch t.kind {
	case tkSemi:
		return cSemi
	case tkSpace, tkComment:
		return cWS
	case tkWord:
		switch t.kw {
		case "CREATE":
			return cCreate
		case "TEMP", "TEMPORARY":
			return cTemp
		case "TRIGGER":
			return cTrigger
		case "END":
			return cEnd
		case "EXPLAIN":
			return cExplain
		}
	}
	return cOther
}

// split divides the tokens of src into statements, dropping empty ones.
// The statements share one slice of significant tokens.
func split(src string, toks []token) []stmt {
	var out []stmt
	sig := make([]token, 0, len(toks))
	first := 0
	flush := func() {
		if len(sig) > first {
			cur := sig[first:len(sig):len(sig)]
			out = append(out, stmt{toks: cur, start: cur[0].start, end: cur[len(cur)-1].end})
		}
		first = len(sig)
	}
	state := uint8(0)
	for _, t := range toks {
		state = completeTrans[state][completeClass(t)]
		switch {
		case t.kind == tkSpace || t.kind == tkComment:
		case t.kind == tkSemi && state == 1:
			flush()
		default:
			sig = append(sig, t)
		}
	}
	flush()
	return out
}
