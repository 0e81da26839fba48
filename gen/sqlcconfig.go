package gen

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// SQLCSchema is one `sql` entry of a sqlc.yaml: its engine as the
// tombstone dialect, its schema paths (relative to the sqlc.yaml's
// directory resolved) and the directories its generators write to.
type SQLCSchema struct {
	Engine, Dialect string
	Schema          []string
	Outs            []string
}

// stringList is a YAML string or list of strings, as sqlc's `schema`.
type stringList []string

func (l *stringList) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*l = []string{n.Value}
		return nil
	}
	var s []string
	if err := n.Decode(&s); err != nil {
		return err
	}
	*l = s
	return nil
}

type sqlcFile struct {
	Version string `yaml:"version"`
	SQL     []struct {
		Engine string     `yaml:"engine"`
		Schema stringList `yaml:"schema"`
		Gen    struct {
			Go struct {
				Out string `yaml:"out"`
			} `yaml:"go"`
		} `yaml:"gen"`
		Codegen []struct {
			Out string `yaml:"out"`
		} `yaml:"codegen"`
	} `yaml:"sql"`
}

// sqlcEngines are sqlc's engine names and the dialects they are.
var sqlcEngines = map[string]string{"postgresql": "postgres", "mysql": "mysql", "sqlite": "sqlite"}

// LoadSQLC reads the `sql` entries of a sqlc.yaml (version 2).
func LoadSQLC(path string) ([]SQLCSchema, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(b) > MaxSchemaBytes {
		return nil, fmt.Errorf("%w: %s is over %d MiB", ErrConfig, path, MaxSchemaBytes>>20)
	}
	var f sqlcFile
	if err := yaml.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("%w: %s: %s; fix the YAML", ErrConfig, path, oneLine(err.Error()))
	}
	if f.Version != "2" {
		return nil, fmt.Errorf("%w: %s: version %q; tombstone gen reads sqlc.yaml version \"2\" (sqlc's `sql:` list)", ErrConfig, path, f.Version)
	}
	if len(f.SQL) == 0 {
		return nil, fmt.Errorf("%w: %s has no `sql` entry; add one with engine and schema", ErrConfig, path)
	}
	dir := filepath.Dir(path)
	rel := func(p string) string {
		if filepath.IsAbs(p) {
			return filepath.Clean(p)
		}
		return filepath.Join(dir, p)
	}
	var out []SQLCSchema
	for i, e := range f.SQL {
		d, ok := sqlcEngines[e.Engine]
		if !ok {
			return nil, fmt.Errorf("%w: %s: sql[%d].engine %q; use postgresql, mysql or sqlite", ErrConfig, path, i, e.Engine)
		}
		if len(e.Schema) == 0 {
			return nil, fmt.Errorf("%w: %s: sql[%d] has no schema; name the schema files or directory", ErrConfig, path, i)
		}
		s := SQLCSchema{Engine: e.Engine, Dialect: d}
		for _, p := range e.Schema {
			s.Schema = append(s.Schema, rel(p))
		}
		if e.Gen.Go.Out != "" {
			s.Outs = append(s.Outs, rel(e.Gen.Go.Out))
		}
		for _, c := range e.Codegen {
			if c.Out != "" {
				s.Outs = append(s.Outs, rel(c.Out))
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// PickSQLC chooses the sqlc.yaml entry a run of the generator is for: the
// only one; else the one of the named engine; else the one that writes
// into out.
func PickSQLC(path string, entries []SQLCSchema, engine, out string) (SQLCSchema, error) {
	var engines []string
	var match []SQLCSchema
	for _, e := range entries {
		engines = append(engines, e.Engine)
		switch {
		case engine != "":
			if e.Engine == engine || e.Dialect == engine {
				match = append(match, e)
			}
		case out != "":
			for _, o := range e.Outs {
				if sameDir(o, out) {
					match = append(match, e)
					break
				}
			}
		}
	}
	if len(entries) == 1 && engine == "" {
		return entries[0], nil
	}
	if len(match) == 1 {
		return match[0], nil
	}
	return SQLCSchema{}, fmt.Errorf("%w: %s has %d `sql` entries (%s) and %d match; pass --engine, or an --out that one entry's gen.go.out or codegen out names", ErrConfig, path, len(entries), strings.Join(engines, ", "), len(match))
}

func sameDir(a, b string) bool {
	x, err1 := filepath.Abs(a)
	y, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && x == y
}
