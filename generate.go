package tombstone

// The store's sqlc project (sqlc.yaml): build the plugin where sqlc.yaml's
// process.cmd expects it, then run sqlc at the tested version. go run
// pkg@version keeps sqlc out of this module's go.mod.
//go:generate go build -o bin/sqlc-gen-tombstone ./cmd/sqlc-gen-tombstone
//go:generate go run github.com/sqlc-dev/sqlc/cmd/sqlc@v1.31.1 generate
