package lifecycle

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/tombstone-sql/tombstone/policy"
)

// Limits on an erasure log Replay reads.
const (
	// MaxLogLine is the longest line of an erasure log, in bytes.
	MaxLogLine = 4096
	// MaxLogEntries is the most entries one replay reads.
	MaxLogEntries = 1_000_000
)

// maxKind is the longest subject kind the policy accepts, in bytes.
const maxKind = 64

// ErrBadLog refuses an erasure log with a line Replay cannot read; nothing
// of the replay is changed then.
var ErrBadLog = errors.New("lifecycle: bad erasure log")

// LogEntry is one line of the erasure log: which person was erased, and
// when. Nothing else is kept, so the log holds no personal data beyond the
// id the database already uses.
type LogEntry struct {
	Kind string    `json:"kind"`
	ID   string    `json:"id"`
	At   time.Time `json:"at"`
}

// AppendLog appends e to the erasure log at path, creating it (mode 0600),
// and syncs it to disk; a zero At is the current time.
func AppendLog(path string, e LogEntry) error {
	if e.Kind == "" {
		return fmt.Errorf("%w: an entry needs the subject's kind", ErrBadSubject)
	}
	if err := (Subject{Kind: e.Kind, ID: e.ID}).check(); err != nil {
		return err
	}
	if e.At.IsZero() {
		e.At = time.Now().Truncate(time.Second)
	}
	line, err := json.Marshal(LogEntry{Kind: e.Kind, ID: e.ID, At: e.At.UTC()})
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return fmt.Errorf("lifecycle: erasure log: %w", err)
	}
	// A crash in the middle of an append leaves a line without its
	// newline; this entry starts a line of its own, so that it is not
	// glued to the torn one.
	if fi, err := f.Stat(); err == nil && fi.Size() > 0 {
		last := make([]byte, 1)
		if _, err := f.ReadAt(last, fi.Size()-1); err != nil {
			f.Close()
			return fmt.Errorf("lifecycle: erasure log %s: %w", path, err)
		}
		if last[0] != '\n' {
			line = append([]byte{'\n'}, line...)
		}
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("lifecycle: erasure log %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("lifecycle: erasure log %s: %w", path, err)
	}
	return f.Close()
}

// ReadLog reads the erasure log at path; a line it cannot read is an
// ErrBadLog naming path:line.
func ReadLog(path string) ([]LogEntry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("lifecycle: erasure log: %w", err)
	}
	defer f.Close()
	return readLog(path, f)
}

func readLog(path string, r io.Reader) ([]LogEntry, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 512), MaxLogLine)
	var out []LogEntry
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		if len(out) == MaxLogEntries {
			return nil, fmt.Errorf("%w: %s:%d: more than %d entries; split the log by time and replay each with --since", ErrBadLog, path, n, MaxLogEntries)
		}
		var e LogEntry
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&e); err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				return nil, fmt.Errorf("%w: %s:%d: the line is cut short, as a crash while tombstone erase --log wrote it leaves it; that erasure never committed (the entry is written before the commit), so delete the line and replay again", ErrBadLog, path, n)
			}
			return nil, fmt.Errorf("%w: %s:%d: %v; each line is {\"kind\": …, \"id\": …, \"at\": RFC 3339 time}, as tombstone erase --log writes it", ErrBadLog, path, n, err)
		}
		if len(e.Kind) > maxKind {
			// Checked as each line is read, so that a log of long lines
			// cannot hold a million long kinds in memory.
			return nil, fmt.Errorf("%w: %s:%d: the kind is %d bytes long; a subject kind is at most %d", ErrBadLog, path, n, len(e.Kind), maxKind)
		}
		if err := (Subject{Kind: e.Kind, ID: e.ID}).check(); err != nil || e.Kind == "" || e.At.IsZero() {
			if err == nil {
				err = errors.New("kind or at is missing")
			}
			return nil, fmt.Errorf("%w: %s:%d: %v", ErrBadLog, path, n, err)
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("%w: %s:%d: a line is longer than %d bytes; an entry is far shorter, so this is not an erasure log", ErrBadLog, path, n+1, MaxLogLine)
		}
		return nil, fmt.Errorf("lifecycle: erasure log %s: %w", path, err)
	}
	return out, nil
}

// Replay applies again, in order, every erasure of the log at path made
// at or after since (every one, when since is zero): after a backup is
// restored, the people it brings back are erased again. An entry's time
// is when its erasure began, so since should be well before the backup
// began: an erasure that began before its snapshot may have committed
// after it. Each entry is its
// own transaction, with the options' actor and role; the reason is the
// options' or "replay of the erasure of TIME from LOG". A person erased
// already is left as is, so a replay changes nothing the second time. The
// whole log is read, and every kind checked against p, before any change.
func Replay[D Database](ctx context.Context, db D, p *policy.Policy, dialect, path string, since time.Time, opts ...Option) ([]*Receipt, error) {
	entries, err := ReadLog(path)
	if err != nil {
		return nil, err
	}
	for i, e := range entries {
		if p.Subject(e.Kind) == nil {
			return nil, fmt.Errorf("%w: %s: entry %d erases a %s, which is not a subject kind of %s; restore the policy of that time, or remove the entry", ErrUnknownSubject, path, i+1, clipText(e.Kind), p.Source)
		}
	}
	var out []*Receipt
	for _, e := range entries {
		if e.At.Before(since) {
			continue
		}
		cfg := &config{}
		for _, o := range opts {
			o(cfg)
		}
		o := append(append([]Option(nil), opts...), WithLog(""))
		if cfg.reason == "" {
			o = append(o, WithReason("replay of the erasure of "+e.At.UTC().Format(time.RFC3339)+" from "+path))
		}
		rec, err := Erase(ctx, db, p, dialect, Subject{Kind: e.Kind, ID: e.ID}, o...)
		if err != nil {
			return out, err
		}
		out = append(out, rec)
	}
	return out, nil
}
