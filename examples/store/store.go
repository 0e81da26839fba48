// Package store is the online store from the article tombstone grew from
// ("Soft delete vs hard delete: a practical guide for teams"): customer
// Maya, her invoice, her support ticket and a lead, under one written
// deletion policy. The demo and many tests start from it.
package store

import _ "embed"

// Policy is the store's tombstone.yaml.
//
//go:embed tombstone.yaml
var Policy []byte
