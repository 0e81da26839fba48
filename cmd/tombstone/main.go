// Command tombstone enforces a team's deletion policy where SQL flows; run
// "tombstone help" for its commands.
package main

import (
	"os"

	"github.com/tombstone-sql/tombstone/internal/cli"
)

func main() { os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
