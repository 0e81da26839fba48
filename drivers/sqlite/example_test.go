package sqlite_test

import (
	"errors"
	"fmt"

	"modernc.org/sqlite"

	"github.com/tombstone-sql/tombstone"
	tsqlite "github.com/tombstone-sql/tombstone/drivers/sqlite"
)

// A wrapped driver reads tombstone_policy with its base driver's DSN
// rules; naming it twice is an error.
func ExampleSplitDSN() {
	d := tombstone.NewDriver(&sqlite.Driver{}, tombstone.WithDialect("sqlite"), tombstone.WithDSN(tsqlite.SplitDSN))
	_, err := d.OpenConnector("file:store.db?tombstone_policy=a.yaml&tombstone_policy=b.yaml")
	fmt.Println(errors.Is(err, tombstone.ErrDSN))
	fmt.Println(err)
	// Output:
	// true
	// tombstone: bad DSN: tombstone_policy appears 2 times in the DSN; name the policy once
}
