// Package golangci registers tombstone lint as a golangci-lint module
// plugin named "tombstone". Build a custom golangci-lint with this module
// in .custom-gcl.yml, then enable the linter in .golangci.yml:
//
//	linters:
//	  enable: [tombstone]
//	  settings:
//	    custom:
//	      tombstone:
//	        type: module
//	        settings:
//	          policy: tombstone.yaml
//	          dialect: postgres
//	          disable: [delete-soft-table]
package golangci

import (
	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/tombstone-sql/tombstone/lint/analyzer"
)

func init() { register.Plugin("tombstone", New) }

// Plugin is the tombstone linter for golangci-lint.
type Plugin struct {
	settings analyzer.Settings
}

// New decodes the linter's settings from .golangci.yml.
func New(settings any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[analyzer.Settings](settings)
	if err != nil {
		return nil, err
	}
	return &Plugin{settings: s}, nil
}

// BuildAnalyzers returns the tombstone analyzer with the plugin's settings.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return []*analysis.Analyzer{analyzer.New(p.settings)}, nil
}

// GetLoadMode says the analyzer needs type information.
func (p *Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
