// Command sqlc-gen-tombstone is tombstone's generator as a sqlc process
// plugin. Configured under plugins: and codegen: in sqlc.yaml with the
// same out as gen.go, it writes tombstone.go into the package sqlc
// generates: a typed handle per soft table of the policy (scopes, restore
// within the window, purge, the tombstones listing), table name constants
// and a typed role, with key parameters of the Go types sqlc's own code
// uses for those columns.
//
// Install it with
//
//	go install github.com/tombstone-sql/tombstone/cmd/sqlc-gen-tombstone
//
// or run it as a tool of the module (go get -tool). sqlc runs it without a
// shell and with an empty environment: a bare process.cmd is looked up on
// sqlc's own PATH, a path with a slash relative to sqlc's working
// directory. docs/generator.md has the setup.
//
// sqlc sends the request on stdin (protobuf) and reads the files from
// stdout; the plugin reads nothing else but the policy file it is given.
package main

import "github.com/sqlc-dev/plugin-sdk-go/codegen"

func main() {
	codegen.Run(generate)
}
