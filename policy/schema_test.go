package policy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

// The JSON Schema editors use for tombstone.yaml (see docs/policy.md). The
// tests below keep it and the loader in agreement.
const (
	schemaFile = "../tombstone.schema.json"
	schemaID   = "https://raw.githubusercontent.com/tombstone-sql/tombstone/main/tombstone.schema.json"
)

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(schemaID, doc); err != nil {
		t.Fatal(err)
	}
	// Compile also checks the schema against the draft 2020-12 metaschema.
	sch, err := c.Compile(schemaID)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// instance reads a policy file as the YAML language server hands it to the
// schema: its first YAML document, read by the loader's YAML library, as
// JSON values.
func instance(data []byte) (any, error) {
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		return nil, err
	}
	j, err := json.Marshal(jsonValues(v))
	if err != nil {
		return nil, err
	}
	return jsonschema.UnmarshalJSON(bytes.NewReader(j))
}

// jsonValues turns mappings with keys of any type into JSON objects.
func jsonValues(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			v[k] = jsonValues(e)
		}
		return v
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[fmt.Sprint(k)] = jsonValues(e)
		}
		return out
	case []any:
		for i, e := range v {
			v[i] = jsonValues(e)
		}
	}
	return v
}

// lintOnly are policies the loader accepts and tombstone lint refuses: the
// schema knows the lint rules' names (lint's own test keeps them in step),
// the loader leaves them to tombstone lint.
var lintOnly = map[string]bool{
	"testdata/lint/bad/policy-unknown-rules.yaml": true,
}

// TestSchemaGoodPolicies: every policy file in the repository that the
// loader accepts validates against the schema, and every one it refuses is
// refused by the schema too.
func TestSchemaGoodPolicies(t *testing.T) {
	sch := compileSchema(t)
	var files []string
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		ext := filepath.Ext(path)
		if !d.IsDir() && (ext == ".yaml" || ext == ".yml") && !strings.HasPrefix(d.Name(), "sqlc.") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	good := 0
	for _, path := range files {
		rel := filepath.ToSlash(strings.TrimPrefix(path, "../"))
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		_, loadErr := Parse(rel, data)
		inst, err := instance(data)
		if err != nil {
			t.Errorf("%s: not readable as YAML: %v", rel, err)
			continue
		}
		valErr := sch.Validate(inst)
		switch {
		case loadErr == nil && lintOnly[rel]:
			if valErr == nil {
				t.Errorf("%s: the schema accepts a policy with unknown lint rules", rel)
			}
		case loadErr == nil:
			good++
			if valErr != nil {
				t.Errorf("%s loads, but the schema refuses it:\n%v", rel, valErr)
			}
		case valErr == nil:
			t.Errorf("%s: the loader refuses it, the schema accepts it:\n%v", rel, loadErr)
		}
		if loadErr == nil && !lintOnly[rel] {
			checkModeline(t, path, data)
		}
	}
	if good < 7 {
		t.Errorf("found %d good policies in the repository; expected the examples, testdata and tombstone init's goldens", good)
	}
}

var modeline = regexp.MustCompile(`(?m)^# yaml-language-server: \$schema=(\S+)$`)

// checkModeline: a policy that names the schema names this one, by a path
// that reaches the file or by its published address.
func checkModeline(t *testing.T, path string, data []byte) {
	t.Helper()
	m := modeline.FindSubmatch(data)
	if m == nil {
		return
	}
	ref := string(m[1])
	if ref == schemaID {
		return
	}
	target := filepath.Join(filepath.Dir(path), filepath.FromSlash(ref))
	a, err1 := filepath.Abs(target)
	b, err2 := filepath.Abs(schemaFile)
	if err1 != nil || err2 != nil || a != b {
		t.Errorf("%s: $schema=%s does not reach tombstone.schema.json", path, ref)
	}
}

// schemaCannotExpress lists the bad policies of parseErrorCases that pass
// the schema, each with why no JSON Schema can refuse it. Every other bad
// policy must fail the schema.
var schemaCannotExpress = map[string]string{
	"not yaml":                 "not YAML at all: the editor's YAML parser reports it before any schema applies",
	"duplicate table":          "duplicate keys are a YAML error the YAML parser reports; the JSON the schema sees has each key once",
	"same table two spellings": "customers and public.Customers are different keys; that they name one table (case-insensitive, an unqualified name matching every schema) compares keys with each other, which JSON Schema cannot",
	"personal is a key column": "a column in both personal and key (or key's default [id]) compares two values of the document, which JSON Schema cannot",
	// Rules that compare one part of the file with another: JSON Schema
	// validates each value against a schema, never against other values.
	"anonymize_with a column not personal":            "its keys must be among personal's values",
	"anonymize_with names a column that is not a key": "the names in braces must be among key's values (or the default id)",
	"cascade to an unknown table":                     "a cascade's child must be a key of tables",
	"cascade to a hard table":                         "the child's rule sits in another table's entry",
	"cascade to itself":                               "the child must differ from the table holding the cascade",
	"cascade with too many columns":                   "the number of columns must equal the length of the parent's key",
	"cascade on the tombstone column":                 "the columns must differ from the child's column, in another entry",
	"cascade cycle":                                   "a cycle runs through several tables' entries",
	"subject on an ungoverned table":                  "a subject's tables must be keys of tables",
	"subject on the tombstone column":                 "the column must differ from the table's column, in another entry",
	"subject on a personal column":                    "the column must not be one of the table's personal columns, in another entry",
	"subject soft table without personal":             "whether the table has personal columns or erase: purge sits in its own entry",
	"copy of an ungoverned table":                     "a copy's tables must be keys of tables",
}

// TestSchemaBadPolicies: every bad policy of TestParseErrors that a JSON
// Schema can express fails the schema; those listed in schemaCannotExpress
// pass it (so the list stays true).
func TestSchemaBadPolicies(t *testing.T) {
	sch := compileSchema(t)
	cases := parseErrorCases()
	broken, err := os.ReadFile("../testdata/policies/broken.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cases = append(cases, parseErrorCase{name: "testdata/policies/broken.yaml", yaml: string(broken)})
	seen := map[string]bool{}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			seen[tc.name] = true
			if p, _ := Parse("p.yaml", []byte(tc.yaml)); p != nil {
				t.Fatal("the loader accepts it")
			}
			inst, err := instance([]byte(tc.yaml))
			refused := err != nil
			if err == nil {
				refused = sch.Validate(inst) != nil
			}
			why, listed := schemaCannotExpress[tc.name]
			switch {
			case listed && refused && err == nil:
				t.Errorf("the schema refuses it, but schemaCannotExpress says %q: remove it from the list", why)
			case listed && refused:
				// The YAML parser refuses it, as the list says.
			case listed:
			case err != nil:
				t.Errorf("not YAML (%v); list it in schemaCannotExpress if the editor's YAML parser reports it", err)
			case !refused:
				t.Errorf("the loader refuses it, the schema accepts it: express the rule in tombstone.schema.json, or list it in schemaCannotExpress with why it cannot be")
			}
		})
	}
	for name := range schemaCannotExpress {
		if !seen[name] {
			t.Errorf("schemaCannotExpress names %q, which is no case of parseErrorCases", name)
		}
	}
}

// The loader's keys, read from its code: every switch on a key (kv.key,
// f.key, p.key) in policy/*.go, with the string values each key's own
// switch accepts. schemaObjects says where each reading function's keys
// sit in the schema; a function missing here fails the test, so a new
// section of the policy cannot land without its schema.
var (
	schemaObjects = map[string]string{
		"load":  "",
		"audit": "/properties/audit",
		"roles": "/$defs/role",
		"table": "/$defs/table",
		"lint":  "/properties/lint",
		// copies' systems: subjects switch on no key, their names are the
		// team's own.
		"copySystem": "/$defs/copy",
	}
	// schemaEnums are functions that switch on a value rather than a key:
	// their string cases are the enum at that place.
	schemaEnums = map[string]string{
		"severity": "/$defs/severity",
	}
)

type loaderKeys struct {
	keys  map[string]bool
	enums map[string][]string // key → the values its switch accepts
}

func readLoaderKeys(t *testing.T) (objects map[string]*loaderKeys, enums map[string][]string) {
	t.Helper()
	objects, enums = map[string]*loaderKeys{}, map[string][]string{}
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				sw, ok := n.(*ast.SwitchStmt)
				if !ok {
					return true
				}
				if sel, ok := sw.Tag.(*ast.SelectorExpr); ok && sel.Sel.Name == "key" {
					lk := objects[fn.Name.Name]
					if lk == nil {
						lk = &loaderKeys{keys: map[string]bool{}, enums: map[string][]string{}}
						objects[fn.Name.Name] = lk
					}
					for _, st := range sw.Body.List {
						cc := st.(*ast.CaseClause)
						for _, k := range stringCases(cc) {
							lk.keys[k] = true
							for _, inner := range cc.Body {
								if isw, ok := inner.(*ast.SwitchStmt); ok {
									if _, ok := isw.Tag.(*ast.Ident); ok {
										lk.enums[k] = append(lk.enums[k], switchValues(isw)...)
									}
								}
							}
						}
					}
					return true
				}
				if _, ok := sw.Tag.(*ast.Ident); ok && schemaEnums[fn.Name.Name] != "" {
					enums[fn.Name.Name] = append(enums[fn.Name.Name], switchValues(sw)...)
				}
				return true
			})
		}
	}
	return objects, enums
}

func stringCases(cc *ast.CaseClause) []string {
	var out []string
	for _, e := range cc.List {
		if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if s, err := strconv.Unquote(lit.Value); err == nil && s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

func switchValues(sw *ast.SwitchStmt) []string {
	var out []string
	for _, st := range sw.Body.List {
		out = append(out, stringCases(st.(*ast.CaseClause))...)
	}
	return out
}

// schemaAt returns the schema object at a JSON pointer, following $ref.
func schemaAt(t *testing.T, root map[string]any, ptr string) map[string]any {
	t.Helper()
	var cur any = root
	for _, part := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		if part == "" {
			continue
		}
		m, ok := cur.(map[string]any)
		if !ok {
			t.Fatalf("schema has nothing at %s", ptr)
		}
		cur = m[part]
	}
	m, ok := cur.(map[string]any)
	if !ok {
		t.Fatalf("schema has no object at %q", ptr)
	}
	if ref, ok := m["$ref"].(string); ok && m["enum"] == nil && m["properties"] == nil {
		return schemaAt(t, root, strings.TrimPrefix(ref, "#"))
	}
	return m
}

func schemaKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func stringEnum(m map[string]any) []string {
	var out []string
	for _, v := range m["enum"].([]any) {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// TestSchemaKnowsEveryKey catches drift: a key the loader reads (or a value
// it accepts for a closed set) that the schema lacks, and a key the schema
// offers that the loader would refuse. Every key has a description.
func TestSchemaKnowsEveryKey(t *testing.T) {
	raw, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	var root map[string]any
	if err := json.Unmarshal(raw, &root); err != nil {
		t.Fatal(err)
	}
	objects, enums := readLoaderKeys(t)
	for _, fn := range schemaKeys(objects) {
		lk := objects[fn]
		ptr, ok := schemaObjects[fn]
		if !ok {
			t.Errorf("func %s in policy/ reads the keys %v, and schemaObjects does not say where they sit in tombstone.schema.json: add them to the schema and the function to schemaObjects", fn, schemaKeys(lk.keys))
			continue
		}
		obj := schemaAt(t, root, ptr)
		props, _ := obj["properties"].(map[string]any)
		if diff := cmp.Diff(schemaKeys(lk.keys), schemaKeys(props)); diff != "" {
			t.Errorf("the keys of func %s (-loader +schema at %q):\n%s", fn, ptr, diff)
		}
		if obj["additionalProperties"] != false {
			t.Errorf("schema at %q does not refuse unknown keys (additionalProperties: false), as func %s does", ptr, fn)
		}
		for _, k := range schemaKeys(props) {
			p := props[k].(map[string]any)
			if d, _ := p["description"].(string); d == "" {
				t.Errorf("schema at %s/properties/%s has no description", ptr, k)
			}
		}
		for _, k := range schemaKeys(lk.enums) {
			want := append([]string(nil), lk.enums[k]...)
			sort.Strings(want)
			got := stringEnum(schemaAt(t, root, ptr+"/properties/"+k))
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("the values of %s in func %s (-loader +schema):\n%s", k, fn, diff)
			}
		}
	}
	for fn, ptr := range schemaEnums {
		want := append([]string(nil), enums[fn]...)
		sort.Strings(want)
		if diff := cmp.Diff(want, stringEnum(schemaAt(t, root, ptr))); diff != "" {
			t.Errorf("the values of func %s (-loader +schema at %s):\n%s", fn, ptr, diff)
		}
	}
	if diff := cmp.Diff(schemaKeys(dialectNames), stringEnum(schemaAt(t, root, "/properties/dialect"))); diff != "" {
		t.Errorf("dialect names (-loader +schema):\n%s", diff)
	}
	for name := range schemaObjects {
		if objects[name] == nil {
			t.Errorf("schemaObjects names func %s, which reads no keys", name)
		}
	}
}

// TestSchemaDocsExamples: the policies shown in docs/policy.md load and
// validate against the schema.
func TestSchemaDocsExamples(t *testing.T) {
	sch := compileSchema(t)
	page, err := os.ReadFile("../docs/policy.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllSubmatch(page, -1)
	if len(blocks) == 0 {
		t.Fatal("docs/policy.md shows no policy")
	}
	for i, b := range blocks {
		if _, err := Parse("docs/policy.md", b[1]); err != nil {
			t.Errorf("example %d does not load: %v", i+1, err)
		}
		inst, err := instance(b[1])
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(inst); err != nil {
			t.Errorf("example %d fails the schema: %v", i+1, err)
		}
		if m := modeline.FindSubmatch(b[1]); m == nil || string(m[1]) != schemaID {
			t.Errorf("example %d does not name the schema by its address", i+1)
		}
	}
}
