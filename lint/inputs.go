package lint

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// SQLFiles returns path itself when it is a file, or the SQL files under
// the directory path: every *.sql file in it and its subdirectories,
// leaving out hidden files and directories and golang-migrate down
// migrations (*.down.sql). Symbolic links are followed, each directory
// once, and found files keep the spelling of path as their prefix. In a
// directory, what is not a regular file or a directory (a FIFO, a socket,
// a device) is skipped. A missing path, or a path that names something
// else than a regular file or a directory, is an *InputError.
func SQLFiles(path string) ([]string, error) {
	st, err := os.Stat(path)
	if err != nil {
		msg := cause(err)
		if !errors.Is(err, fs.ErrNotExist) {
			msg = "cannot read: " + msg
		}
		return nil, &InputError{File: path, Msg: msg}
	}
	if !st.IsDir() {
		if err := regular(path, st); err != nil {
			return nil, err
		}
		return []string{path}, nil
	}
	w := &sqlWalk{}
	if err := w.dir(path, st); err != nil {
		return nil, err
	}
	// Directories behind symbolic links come last, so a directory in the
	// tree keeps its own path.
	for len(w.links) > 0 {
		l := w.links[0]
		w.links = w.links[1:]
		if err := w.dir(l.path, l.info); err != nil {
			return nil, err
		}
	}
	sort.Strings(w.files)
	return w.files, nil
}

// regular returns an *InputError when a named path is not a regular file.
func regular(path string, st fs.FileInfo) error {
	if st.Mode().IsRegular() {
		return nil
	}
	return &InputError{File: path, Msg: "not a regular file (" + modeName(st.Mode()) + "); tombstone lint reads SQL files and directories"}
}

// modeName names a file type for messages.
func modeName(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "mode " + m.Type().String()
}

// sqlWalk lists the SQL files of a directory tree.
type sqlWalk struct {
	// seen holds the directories walked, so a symbolic link back up the
	// tree (or to a directory already walked) is followed once.
	seen  []fs.FileInfo
	links []link
	files []string
}

// link is a symbolic link to a directory, walked after the tree.
type link struct {
	path string
	info fs.FileInfo
}

func (w *sqlWalk) dir(path string, st fs.FileInfo) error {
	for _, s := range w.seen {
		if os.SameFile(s, st) {
			return nil
		}
	}
	w.seen = append(w.seen, st)
	entries, err := os.ReadDir(path)
	if err != nil {
		return &InputError{File: path, Msg: "cannot read: " + cause(err)}
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		p := filepath.Join(path, name)
		sql := strings.HasSuffix(name, ".sql") && !strings.HasSuffix(name, ".down.sql")
		var info fs.FileInfo
		if e.Type()&fs.ModeSymlink != 0 {
			info, err = os.Stat(p)
			if err != nil {
				if sql {
					return &InputError{File: p, Msg: "cannot read: " + cause(err)}
				}
				continue
			}
			if info.IsDir() {
				w.links = append(w.links, link{p, info})
				continue
			}
		} else if info, err = e.Info(); err != nil {
			return &InputError{File: p, Msg: "cannot read: " + cause(err)}
		}
		switch {
		case info.IsDir():
			if err := w.dir(p, info); err != nil {
				return err
			}
		case sql && info.Mode().IsRegular():
			w.files = append(w.files, p)
		}
	}
	return nil
}

// cause returns the innermost message of a file system error, without the
// operation and path the caller reports anyway.
func cause(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
