package ex

// Loaded by the sample's tests: "testdata/policy.yaml".
