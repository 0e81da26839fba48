package tombstone

import "github.com/tombstone-sql/tombstone/policy"

// Policy is a validated tombstone.yaml.
type Policy = policy.Policy

// PolicyError is one problem in a policy file, with its position and key.
type PolicyError = policy.Error

// LoadPolicy reads and validates the policy file at path. On failure the
// error is a policy.ErrorList holding every problem found.
func LoadPolicy(path string) (*Policy, error) { return policy.Load(path) }

// ParsePolicy validates data as a policy file; name is used in messages.
func ParsePolicy(name string, data []byte) (*Policy, error) { return policy.Parse(name, data) }
