package gen_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/format"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/tombstone-sql/tombstone/gen"
	"github.com/tombstone-sql/tombstone/policy"
)

// keyTypes are column types a key may have, per dialect, as sqlc names
// them.
var keyTypes = map[string][]string{
	"postgres": {"pg_catalog.int8", "pg_catalog.int4", "pg_catalog.int2", "serial", "bigserial", "text", "pg_catalog.varchar", "uuid"},
	"mysql":    {"bigint", "int", "smallint", "mediumint", "tinyint", "varchar", "char", "text"},
	"sqlite":   {"integer", "int", "bigint", "text", "varchar"},
}

// randomCase builds a valid policy (soft, hard and retain tables with
// random names, markers, keys and roles) and a catalog that holds its
// tables, from one seed.
func randomCase(seed uint64) (p *policy.Policy, cat *gen.Catalog, flavor gen.Flavor, yaml string, err error) {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	dialects := []string{"postgres", "mysql", "sqlite"}
	d := dialects[r.IntN(3)]
	flavor = gen.DatabaseSQL
	if d == "postgres" && r.IntN(2) == 0 {
		flavor = gen.PgxV5
	}
	words := []string{"id", "type", "order", "user_id", "ctx", "2fa", "select", "h", "line_no", "x_y_z", "Name", "café", "map", "opts"}
	pick := func() string { return words[r.IntN(len(words))] }
	var b strings.Builder
	b.WriteString("version: 1\naudit: {table: tombstone_audit}\n")
	nRoles := r.IntN(4)
	if nRoles > 0 {
		b.WriteString("roles:\n")
		for i := 0; i < nRoles; i++ {
			fmt.Fprintf(&b, "  role_%d_%s: {see_deleted: %v, restore: %v, purge: %v}\n", i, strings.ToLower(pick()), r.IntN(2) == 0, r.IntN(2) == 0, r.IntN(2) == 0)
		}
	}
	b.WriteString("tables:\n")
	cat = &gen.Catalog{Dialect: d}
	for i, n := 0, 1+r.IntN(5); i < n; i++ {
		name := fmt.Sprintf("t%d_%s", i, strings.ToLower(pick()))
		tbl := gen.Table{Name: name}
		var key []string
		seen := map[string]bool{}
		for j, k := 0, 1+r.IntN(3); j < k; j++ {
			c := fmt.Sprintf("k%d_%s", j, strings.ToLower(pick()))
			if j == 0 && r.IntN(2) == 0 {
				c = "id"
			}
			if seen[c] {
				continue
			}
			seen[c] = true
			key = append(key, c)
			types := keyTypes[d]
			tbl.Columns = append(tbl.Columns, gen.Column{Name: c, DBType: types[r.IntN(len(types))], NotNull: r.IntN(4) != 0, Unsigned: d == "mysql" && r.IntN(2) == 0, Length: r.IntN(3)})
		}
		tbl.Columns = append(tbl.Columns, gen.Column{Name: "created_at", DBType: "timestamp", NotNull: true})
		keyYAML := ""
		if len(key) != 1 || key[0] != "id" {
			keyYAML = ", key: [" + strings.Join(key, ", ") + "]"
		}
		switch r.IntN(4) {
		case 0:
			fmt.Fprintf(&b, "  %s: {delete: hard%s}\n", name, keyYAML)
		case 1:
			fmt.Fprintf(&b, "  %s: {delete: retain, retention: 1y, age_column: created_at%s}\n", name, keyYAML)
		default:
			marker := []string{"timestamp", "flag", "unix"}[r.IntN(3)]
			window := ""
			if marker != "flag" && r.IntN(2) == 0 {
				window = ", restore_window: 30d"
			}
			fmt.Fprintf(&b, "  %s: {delete: soft, column: gone_%d, marker: %s%s%s}\n", name, i, marker, window, keyYAML)
		}
		cat.Tables = append(cat.Tables, tbl)
	}
	yaml = b.String()
	p, err = policy.Parse("random.yaml", []byte(yaml))
	return p, cat, flavor, yaml, err
}

// TestGenerateProperty: for random valid policies and catalogs, the
// generated file is gofmt'd (formatting it again changes nothing), starts
// with the header, is the same bytes on a second run, and type-checks
// against the real packages it imports.
func TestGenerateProperty(t *testing.T) {
	n := 150
	if testing.Short() {
		n = 20
	}
	for seed := uint64(0); seed < uint64(n); seed++ {
		checkCase(t, seed)
	}
}

// FuzzGenerate is TestGenerateProperty's check for any seed.
func FuzzGenerate(f *testing.F) {
	f.Add(uint64(1))
	f.Add(uint64(977))
	f.Fuzz(func(t *testing.T, seed uint64) { checkCase(t, seed) })
}

func checkCase(t *testing.T, seed uint64) {
	t.Helper()
	p, cat, flavor, yaml, err := randomCase(seed)
	if err != nil {
		t.Fatalf("seed %d: the random policy is not valid (a bug in the test): %v\n%s", seed, err, yaml)
	}
	cfg := gen.Config{Package: "store", Flavor: flavor, Policy: p, Catalog: cat}
	files, err := gen.Generate(cfg)
	if err != nil {
		t.Fatalf("seed %d: %v\npolicy:\n%s", seed, err, yaml)
	}
	again, err := gen.Generate(cfg)
	if err != nil || !bytes.Equal(files[0].Contents, again[0].Contents) {
		t.Fatalf("seed %d: a second run differs (err %v)", seed, err)
	}
	src := files[0].Contents
	if !bytes.HasPrefix(src, []byte(gen.Header+"\n")) {
		t.Fatalf("seed %d: no header", seed)
	}
	formatted, err := format.Source(src)
	if err != nil || !bytes.Equal(formatted, src) {
		t.Fatalf("seed %d: not gofmt'd (err %v)", seed, err)
	}
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "tombstone.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	conf := types.Config{Importer: exportImporter(t, fset)}
	if _, err := conf.Check("store", fset, []*ast.File{file}, nil); err != nil {
		cj, _ := json.Marshal(cat)
		t.Fatalf("seed %d: the generated code does not type-check: %v\npolicy:\n%s\ncatalog: %s\n%s", seed, err, yaml, cj, src)
	}
}

var (
	exportOnce sync.Once
	exportMap  map[string]string
	exportErr  error
)

// exportImporter imports packages from the compiler's export data, which
// go list -export builds for the packages generated code may import.
func exportImporter(t *testing.T, fset *token.FileSet) types.Importer {
	t.Helper()
	exportOnce.Do(func() {
		cmd := exec.Command("go", "list", "-export", "-deps", "-f", "{{.ImportPath}}={{.Export}}",
			"context", "database/sql", "time", "github.com/google/uuid", "github.com/jackc/pgx/v5/pgtype",
			"github.com/tombstone-sql/tombstone", "github.com/tombstone-sql/tombstone/lifecycle",
			"github.com/tombstone-sql/tombstone/policy", "github.com/tombstone-sql/tombstone/drivers/pgx")
		out, err := cmd.Output()
		if err != nil {
			exportErr = fmt.Errorf("go list -export: %v", err)
			return
		}
		exportMap = map[string]string{}
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			path, file, _ := strings.Cut(line, "=")
			exportMap[path] = file
		}
	})
	if exportErr != nil {
		t.Fatal(exportErr)
	}
	return importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		file, ok := exportMap[path]
		if !ok || file == "" {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(file)
	})
}
