package main

import (
	"context"
	"fmt"
	"path"

	"github.com/sqlc-dev/plugin-sdk-go/plugin"

	"github.com/tombstone-sql/tombstone/gen"
	"github.com/tombstone-sql/tombstone/policy"
)

// generate answers one sqlc request: the policy named in the options over
// the catalog sqlc resolved, through the same core as tombstone gen.
func generate(_ context.Context, req *plugin.GenerateRequest) (*plugin.GenerateResponse, error) {
	s := req.GetSettings()
	var out string
	if cg := s.GetCodegen(); cg != nil {
		out = cg.GetOut()
	}
	o, err := parseOptions(req.GetGlobalOptions(), req.GetPluginOptions(), out)
	if err != nil {
		return nil, err
	}
	flavor, err := o.flavor()
	if err != nil {
		return nil, err
	}
	dialect, err := dialectOf(s.GetEngine())
	if err != nil {
		return nil, err
	}
	p, err := policy.Load(o.Policy)
	if err != nil {
		return nil, fmt.Errorf("policy option %q (read relative to the directory sqlc runs in): %w", o.Policy, err)
	}
	files, err := gen.Generate(gen.Config{
		Package: o.Package,
		Flavor:  flavor,
		Policy:  p,
		Catalog: catalogOf(dialect, req.GetCatalog()),
	})
	if err != nil {
		return nil, err
	}
	if o.Migrations != "" {
		mig, err := gen.Migration(p, dialect, gen.Layout(o.Migrations), o.MigrationName)
		if err != nil {
			return nil, err
		}
		for _, f := range mig {
			files = append(files, gen.File{Name: path.Join(o.MigrationsDir, f.Name), Contents: f.Contents})
		}
	}
	resp := &plugin.GenerateResponse{}
	for _, f := range files {
		resp.Files = append(resp.Files, &plugin.File{Name: f.Name, Contents: f.Contents})
	}
	return resp, nil
}
