package cli

import "path/filepath"

var _, _ = filepath.Glob("testdata/cli/*")
