package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tombstone-sql/tombstone/internal/dburl"
)

// flagEnv names the environment variable that stands in for a flag on
// every command that takes it.
var flagEnv = map[string]string{
	"dsn": dburl.EnvVar,
}

// flags returns the FlagSet of the named command. synopsis is the command
// line after "tombstone NAME", e.g. "--policy FILE [--format text|markdown]":
// -h prints it with one line per flag, and every --flag in it outside
// brackets is required: parse says how to add a missing one (a flag with
// an environment variable in flagEnv may come from there instead).
func (e *env) flags(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	// parse reports every error itself, in the command's words.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	e.fs, e.synopsis = fs, synopsis
	return fs
}

// parse parses flags and reports whether the command should go on; on
// false the caller returns code. Positional arguments are refused.
func (e *env) parse(fs *flag.FlagSet, args []string) (code int, ok bool) {
	if code, ok := e.parseArgs(fs, args); !ok {
		return code, false
	}
	if fs.NArg() > 0 {
		e.usageError(fs, "unexpected argument %q", fs.Arg(0))
		return exitUsage, false
	}
	return 0, true
}

// parseArgs is parse for commands that take positional arguments
// (fs.Args()).
func (e *env) parseArgs(fs *flag.FlagSet, args []string) (code int, ok bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			e.help(e.stdout, fs)
			return exitOK, false
		}
		e.usageError(fs, "%s", e.flagError(fs, err))
		return exitUsage, false
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var missing []string
	for _, name := range required(e.synopsis) {
		if set[name] || fs.Lookup(name) == nil {
			continue
		}
		if v := flagEnv[name]; v != "" && os.Getenv(v) != "" {
			continue
		}
		add := "add " + flagAndValue(fs, e.synopsis, fs.Lookup(name))
		if v := flagEnv[name]; v != "" {
			add += " or set " + v
		}
		missing = append(missing, fmt.Sprintf("%s is required; %s, %s", dash(name), add, oneLine(fs.Lookup(name).Usage)))
	}
	if len(missing) > 0 {
		for _, m := range missing {
			fmt.Fprintf(e.stderr, "tombstone %s: %s\n", fs.Name(), m)
		}
		e.usageLine(fs)
		return exitUsage, false
	}
	return 0, true
}

// usageError reports a usage mistake, then the synopsis and where the
// flags are explained.
func (e *env) usageError(fs *flag.FlagSet, format string, args ...any) {
	fmt.Fprintf(e.stderr, "tombstone %s: %s\n", fs.Name(), fmt.Sprintf(format, args...))
	e.usageLine(fs)
}

func (e *env) usageLine(fs *flag.FlagSet) {
	fmt.Fprintf(e.stderr, "Usage: tombstone %s\nRun \"tombstone %s -h\" for what each flag does.\n", strings.TrimSpace(fs.Name()+" "+e.synopsis), fs.Name())
}

// flagError turns the flag package's error into one that says what to
// type instead.
func (e *env) flagError(fs *flag.FlagSet, err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		name = strings.TrimLeft(name, "-")
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		if s := didYouMean(name, names); s != "" {
			return fmt.Sprintf("unknown flag %s; did you mean %s?", dash(name), dash(s))
		}
		if len(names) == 0 {
			return fmt.Sprintf("unknown flag %s; this command takes no flags", dash(name))
		}
		for i, n := range names {
			names[i] = dash(n)
		}
		return fmt.Sprintf("unknown flag %s; the flags are %s", dash(name), strings.Join(names, ", "))
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		f := fs.Lookup(strings.TrimLeft(name, "-"))
		if f != nil {
			return fmt.Sprintf("%s needs a value: %s", dash(f.Name), flagAndValue(fs, e.synopsis, f))
		}
	}
	// invalid value "x" for flag -n: …; name the flag as the help does.
	for _, sep := range []string{" for flag -", " for -"} {
		if before, after, ok := strings.Cut(msg, sep); ok {
			name, rest, _ := strings.Cut(strings.TrimLeft(after, "-"), ":")
			return before + " for " + dash(name) + ":" + rest
		}
	}
	return msg
}

// dash writes a flag name as the help does: -f for one letter, --policy
// for a word.
func dash(name string) string {
	if len([]rune(name)) == 1 {
		return "-" + name
	}
	return "--" + name
}

// help prints the usage: the synopsis, the summary, and one line per flag.
func (e *env) help(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: tombstone %s\n", strings.TrimSpace(fs.Name()+" "+e.synopsis))
	if s := summary(fs.Name()); s != "" {
		fmt.Fprintf(w, "\n%s%s.\n", strings.ToUpper(s[:1]), s[1:])
	}
	req := map[string]bool{}
	for _, n := range required(e.synopsis) {
		req[n] = true
	}
	type line struct{ left, right string }
	var lines []line
	width := 0
	fs.VisitAll(func(f *flag.Flag) {
		right := oneLine(f.Usage)
		switch {
		case req[f.Name] && flagEnv[f.Name] != "":
			right += " (required, or set " + flagEnv[f.Name] + ")"
		case req[f.Name]:
			right += " (required)"
		case f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0":
			right += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		l := line{flagAndValue(fs, e.synopsis, f), right}
		width = max(width, len(l.left))
		lines = append(lines, l)
	})
	if len(lines) == 0 {
		fmt.Fprintln(w, "\nNo flags.")
		return
	}
	fmt.Fprintln(w, "\nFlags:")
	for _, l := range lines {
		fmt.Fprintf(w, "  %-*s  %s\n", width, l.left, l.right)
	}
}

// required returns the flags the synopsis writes outside brackets.
func required(synopsis string) []string {
	var out []string
	depth := 0
	for _, tok := range strings.Fields(synopsis) {
		start := depth
		depth += strings.Count(tok, "[") - strings.Count(tok, "]")
		if start == 0 && strings.HasPrefix(tok, "--") && !strings.HasPrefix(tok, "[") {
			name, _, _ := strings.Cut(strings.TrimPrefix(tok, "--"), "=")
			out = append(out, strings.TrimRight(name, "]."))
		}
	}
	return out
}

// flagAndValue writes a flag as a user types it: "--policy FILE", with the
// value's placeholder from the synopsis, or from the usage text's
// `backquoted` word, or VALUE; a boolean flag has no value.
func flagAndValue(fs *flag.FlagSet, synopsis string, f *flag.Flag) string {
	if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
		return dash(f.Name)
	}
	toks := strings.Fields(synopsis)
	for i, tok := range toks {
		name, _, _ := strings.Cut(strings.TrimLeft(tok, "[-"), "=")
		if strings.HasPrefix(strings.TrimLeft(tok, "["), "-") && strings.TrimRight(name, "].|") == f.Name && i+1 < len(toks) {
			next := strings.TrimRight(toks[i+1], "].")
			if next != "" && !strings.HasPrefix(next, "-") && !strings.HasPrefix(next, "[") && !strings.HasPrefix(next, "<") {
				return dash(f.Name) + " " + next
			}
		}
	}
	value, _ := flag.UnquoteUsage(f)
	switch value {
	case "", "string", "value":
		value = "VALUE"
	}
	return dash(f.Name) + " " + strings.ToUpper(value)
}

// didYouMean returns the candidate closest to typed when one is close
// enough to be a typo, or "".
func didYouMean(typed string, candidates []string) string {
	best, bestDist := "", 3
	typed = strings.ToLower(typed)
	for _, c := range candidates {
		d := distance(typed, c)
		if len(typed) >= 3 && strings.HasPrefix(c, typed) {
			d = 0
		}
		limit := 2
		switch {
		case len(c) <= 2:
			limit = 0
		case len(c) <= 4:
			limit = 1
		}
		if d <= limit && d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// distance is the edit distance between a and b, a transposition of two
// neighbours counting as one edit.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		return 64
	}
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
