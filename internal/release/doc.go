// Package release holds the checks that keep this repository's modules
// releasable together: one version in versions.yaml, the same version in
// otelagent.Version, every nested module requiring the root module at that
// version (a real version, resolvable outside the repository), and every
// module listed. It has no code of its own: its tests are the checks, and
// scripts/tag.sh runs them before it tags.
package release
