package golangci

import (
	"testing"

	"github.com/golangci/plugin-module-register/register"
)

func TestPlugin(t *testing.T) {
	lp, err := New(map[string]any{"policy": "tombstone.yaml", "dialect": "postgres", "disable": []any{"delete-soft-table"}})
	if err != nil {
		t.Fatal(err)
	}
	p := lp.(*Plugin)
	if p.settings.Policy != "tombstone.yaml" || p.settings.Dialect != "postgres" || len(p.settings.Disable) != 1 || p.settings.Disable[0] != "delete-soft-table" {
		t.Errorf("settings = %+v", p.settings)
	}
	as, err := p.BuildAnalyzers()
	if err != nil || len(as) != 1 || as[0].Name != "tombstone" {
		t.Fatalf("BuildAnalyzers = %v, %v", as, err)
	}
	if got := as[0].Flags.Lookup("policy").Value.String(); got != "tombstone.yaml" {
		t.Errorf("the analyzer's -policy is %q, want the plugin's setting", got)
	}
	if p.GetLoadMode() != register.LoadModeTypesInfo {
		t.Errorf("load mode %q", p.GetLoadMode())
	}
	if _, err := New(map[string]any{"policy": []any{1}}); err == nil {
		t.Error("bad settings decoded without an error")
	}
}
