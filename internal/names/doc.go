// Package names holds the grammar that every name otelagent exports must
// satisfy: command, agent, model, provider and tool names, ids, flag names
// and error classes. A name that fails its grammar is exported as "_OTHER".
//
// The API (package otelagent) applies it when a name is recorded, and the
// egress filter applies it again to values that arrive through the raw
// OpenTelemetry API, so both must use this one package. "_OTHER" itself is
// valid for every kind, so a value the API already replaced passes again.
//
// Each kind has a character set and a length bound (see Kind). On top of
// them, every kind but TypeName rejects what real names never look like and
// content often does:
//
//   - paths: a leading '/', '~', '.' or '\', a drive letter ("C:/", "C:\"),
//     an empty segment or one that starts with '.' ("..", ".ssh"), a ":/"
//     (a URL), a segment named home or Users;
//   - e-mail addresses and host names: an '@' anywhere but before a short
//     version tag ("claude-sonnet-4-5@20250929", models only); a segment
//     made of dot-separated labels whose last label is a top-level domain
//     ("db.example.com"), or four numeric labels (an IPv4 address);
//   - long digit runs: seven or more consecutive digits, or ten or more
//     digits in all, not counting dates ("20240620", "2024-08-06"), so card,
//     phone and account numbers fail while dated model names pass;
//   - credentials: a segment that starts like a known key ("sk-", "sk_",
//     "ghp_", "github_pat_", "glpat-", "xoxb-", "AKIA", "AIza", "ya29.",
//     "eyJ" (a JWT), "npm_", "hf_"...), and high-entropy tokens: a run of
//     letters and digits of 20 or more that mixes upper case, lower case
//     and digits, or 32 or more mixing letters and digits (hex keys).
//
// Error classes are held to a stricter digit rule (see ErrorClass). Ids
// (ID) admit UUIDs, ULIDs and the tool call ids providers issue, whose
// randomness would otherwise look like a key.
package names
