package lint

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"github.com/tombstone-sql/tombstone/internal/dialects"
	"github.com/tombstone-sql/tombstone/rewrite"
)

// This file reads sqlc's configuration the way sqlc does (versions 1 and
// 2, YAML or JSON) for what the linter needs: each package's engine, query
// files and schema files. Everything else (cloud, database, rules,
// analyzer, plugins, overrides, codegen, ${ENV} references) is read past.

// SQLCConfigNames are the file names sqlc looks for, in its order.
var SQLCConfigNames = []string{"sqlc.yaml", "sqlc.yml", "sqlc.json"}

// IsSQLCConfig reports whether a path names an sqlc configuration file.
func IsSQLCConfig(path string) bool {
	base := filepath.Base(path)
	for _, n := range SQLCConfigNames {
		if base == n {
			return true
		}
	}
	return false
}

// FindSQLCConfig returns the sqlc configuration in dir, "" when there is
// none, or an error when there are both a YAML and a JSON one (as sqlc).
func FindSQLCConfig(dir string) (string, error) {
	var found []string
	for _, n := range SQLCConfigNames {
		p := filepath.Join(dir, n)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			found = append(found, p)
		}
	}
	switch {
	case len(found) == 0:
		return "", nil
	case len(found) > 1 && strings.HasSuffix(found[len(found)-1], ".json"):
		return "", &InputError{File: found[len(found)-1], Msg: "both sqlc.json and a YAML sqlc config are present; sqlc refuses this, and so does tombstone lint (name one with -f)"}
	}
	return found[0], nil
}

// SQLCPackage is one sql block (version 2) or packages entry (version 1).
type SQLCPackage struct {
	// Name is the block's name, or sql[i] / packages[i].
	Name string
	// Engine is sqlc's engine: postgresql, mysql or sqlite.
	Engine  string
	Dialect rewrite.Dialect
	// Files are the query files, as sqlc reads them.
	Files []string
	// Schema are the schema files (migrations, DDL), as sqlc reads them;
	// their views and routine bodies read tables too.
	Schema []string
}

// SQLCConfig is what the linter reads from an sqlc configuration.
type SQLCConfig struct {
	File     string
	Packages []*SQLCPackage
}

type sqlcFile struct {
	Version  any         `yaml:"version"`
	SQL      []sqlcBlock `yaml:"sql"`
	Packages []sqlcBlock `yaml:"packages"`
}

type sqlcBlock struct {
	Name    string `yaml:"name"`
	Engine  string `yaml:"engine"`
	Queries any    `yaml:"queries"`
	Schema  any    `yaml:"schema"`
}

// LoadSQLC reads the sqlc configuration at path. Every problem is an
// *InputError naming the file and, where known, the line.
func LoadSQLC(path string) (cfg *SQLCConfig, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &InputError{File: path, Msg: "cannot read the sqlc config: " + cause(err)}
	}
	defer func() {
		// The YAML library is a dependency we do not control: bad bytes
		// give an error, never a panic.
		if r := recover(); r != nil {
			cfg, err = nil, &InputError{File: path, Line: 1, Column: 1, Msg: fmt.Sprintf("cannot read the sqlc config (%v)", r)}
		}
	}()
	bad := func(yamlPath, format string, args ...any) error {
		e := &InputError{File: path, Msg: fmt.Sprintf(format, args...)}
		e.Line, e.Column = yamlPos(data, yamlPath)
		return e
	}
	if strings.HasSuffix(path, ".json") {
		// YAML would accept what JSON does not (a trailing comma).
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			e := &InputError{File: path, Msg: "not valid JSON: " + err.Error()}
			var se *json.SyntaxError
			if errors.As(err, &se) {
				l := newLines(string(data))
				e.Line, e.Column, _ = l.pos(int(se.Offset) - 1)
			}
			return nil, e
		}
	}
	var f sqlcFile
	if err := yaml.UnmarshalWithOptions(data, &f, yaml.AllowDuplicateMapKey()); err != nil {
		e := &InputError{File: path, Msg: "not a valid sqlc config: " + oneLine(yamlMessage(err))}
		var ye yaml.Error
		if errors.As(err, &ye) && ye.GetToken() != nil && ye.GetToken().Position != nil {
			e.Line, e.Column = ye.GetToken().Position.Line, ye.GetToken().Position.Column
		}
		return nil, e
	}
	version := fmt.Sprint(f.Version)
	var blocks []sqlcBlock
	var key string
	switch {
	case f.Version == nil:
		return nil, &InputError{File: path, Line: 1, Column: 1, Msg: `no version; sqlc configs start with version: "2" (or "1")`}
	case version == "1":
		blocks, key = f.Packages, "packages"
		for i := range blocks {
			if blocks[i].Engine == "" {
				blocks[i].Engine = "postgresql" // version 1's default
			}
		}
	case version == "2":
		blocks, key = f.SQL, "sql"
	default:
		return nil, bad("$.version", "unknown sqlc config version %q; expected \"1\" or \"2\"", version)
	}
	if len(blocks) == 0 {
		return nil, bad("$", "no %s entries; nothing to lint", key)
	}
	cfg = &SQLCConfig{File: path}
	dir := filepath.Dir(path)
	for i, b := range blocks {
		at := fmt.Sprintf("$.%s[%d]", key, i)
		p := &SQLCPackage{Name: b.Name, Engine: b.Engine}
		if p.Name == "" {
			p.Name = fmt.Sprintf("%s[%d]", key, i)
		}
		switch strings.ToLower(b.Engine) {
		case "":
			return nil, bad(at, "%s: no engine; expected postgresql, mysql or sqlite", p.Name)
		case "postgresql", "mysql", "sqlite":
		default:
			return nil, bad(at+".engine", "%s: unknown engine %q; tombstone lint reads postgresql, mysql and sqlite", p.Name, b.Engine)
		}
		d, ok := dialects.Lookup(b.Engine)
		if !ok {
			return nil, bad(at+".engine", "%s: engine %s: the %s dialect is not available in this build of tombstone (available: %s)", p.Name, b.Engine, b.Engine, strings.Join(dialects.Names(), ", "))
		}
		p.Dialect = d
		files, err := sqlcFiles(dir, b.Queries)
		switch {
		case errors.Is(err, errNotPaths):
			return nil, bad(at+".queries", "%s: queries must be a path or a list of paths", p.Name)
		case errors.Is(err, errNoPaths):
			return nil, bad(at, "%s: no queries", p.Name)
		case err != nil:
			return nil, bad(at+".queries", "%s: queries: %v", p.Name, err)
		case len(files) == 0:
			return nil, bad(at+".queries", "%s: queries: no .sql files in %s", p.Name, strings.Join(mustPaths(b.Queries), ", "))
		}
		p.Files = files
		if b.Schema != nil {
			schema, err := sqlcFiles(dir, b.Schema)
			switch {
			case errors.Is(err, errNotPaths):
				return nil, bad(at+".schema", "%s: schema must be a path or a list of paths", p.Name)
			case err != nil && !errors.Is(err, errNoPaths):
				return nil, bad(at+".schema", "%s: schema: %v", p.Name, err)
			}
			p.Schema = schema
		}
		cfg.Packages = append(cfg.Packages, p)
	}
	return cfg, nil
}

var (
	errNotPaths = errors.New("not a path or a list of paths")
	errNoPaths  = errors.New("no paths")
)

// sqlcFiles lists the files of an sqlc Paths value (queries or schema),
// relative paths being relative to the config's directory dir.
func sqlcFiles(dir string, v any) ([]string, error) {
	patterns, ok := paths(v)
	if !ok {
		return nil, errNotPaths
	}
	if len(patterns) == 0 {
		return nil, errNoPaths
	}
	for i := range patterns {
		if !filepath.IsAbs(patterns[i]) {
			patterns[i] = filepath.Join(dir, patterns[i])
		}
	}
	return SQLCGlob(patterns)
}

// mustPaths returns the paths of a Paths value known to be good.
func mustPaths(v any) []string {
	p, _ := paths(v)
	return p
}

// paths reads sqlc's Paths: a string or a list of strings.
func paths(v any) ([]string, bool) {
	switch x := v.(type) {
	case nil:
		return nil, true
	case string:
		return []string{x}, true
	case []any:
		var out []string
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	return nil, false
}

// SQLCGlob lists the SQL files of sqlc paths as sqlc does: a pattern with
// * ? [ or ] is expanded; a directory gives its *.sql files (not its
// subdirectories'); hidden files and golang-migrate down migrations
// (*.down.sql) are left out. A missing path, a pattern that matches
// nothing, or a named path that is not a regular file or a directory is
// an error; in a directory, what is not a regular file is skipped.
func SQLCGlob(patterns []string) ([]string, error) {
	var list []string
	for _, p := range patterns {
		if strings.ContainsAny(p, "*?[]") {
			m, err := filepath.Glob(p)
			if err != nil {
				return nil, fmt.Errorf("bad pattern %s: %v", p, err)
			}
			if len(m) == 0 {
				return nil, fmt.Errorf("pattern %s matches no files", p)
			}
			list = append(list, m...)
			continue
		}
		list = append(list, p)
	}
	var files []string
	for _, p := range list {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("path %s does not exist", p)
		}
		if !st.IsDir() {
			if !st.Mode().IsRegular() {
				return nil, fmt.Errorf("%s is not a regular file (%s)", p, modeName(st.Mode()))
			}
			files = append(files, filepath.Clean(p))
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return nil, fmt.Errorf("cannot read directory %s: %v", p, err)
		}
		for _, e := range entries {
			f := filepath.Join(p, e.Name())
			// A FIFO, socket or device is skipped; what cannot be read
			// stays, to be reported when read.
			if st, err := os.Stat(f); err != nil || st.Mode().IsRegular() {
				files = append(files, f)
			}
		}
	}
	var out []string
	for _, f := range files {
		base := filepath.Base(f)
		if strings.HasSuffix(f, ".sql") && !strings.HasPrefix(base, ".") && !strings.HasSuffix(base, ".down.sql") {
			out = append(out, f)
		}
	}
	return out, nil
}

// yamlPos returns the line and column of the node at a YAML path, or 1, 1.
func yamlPos(data []byte, path string) (int, int) {
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		return 1, 1
	}
	p, err := yaml.PathString(path)
	if err != nil {
		return 1, 1
	}
	n, err := p.FilterFile(f)
	if err != nil || n == nil {
		return 1, 1
	}
	if m, ok := n.(*ast.MappingNode); ok && len(m.Values) > 0 {
		n = m.Values[0].Key
	}
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return 1, 1
	}
	return tk.Position.Line, tk.Position.Column
}

func yamlMessage(err error) string {
	var ye yaml.Error
	if errors.As(err, &ye) {
		return ye.GetMessage()
	}
	return err.Error()
}
