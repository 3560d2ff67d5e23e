#!/usr/bin/env bash
# Tags every module of versions.yaml's module set at its version, together,
# as the OpenTelemetry Go repositories do: the root module as vX.Y.Z and a
# nested module in DIR as DIR/vX.Y.Z, all on one commit.
#
#   scripts/tag.sh            show the tags it would create
#   scripts/tag.sh --apply    create them (annotated); push with the
#                             command it prints
#
# It refuses to tag a dirty tree, a version that otelagent.Version() or a
# module's requirement on the root module does not agree with (the checks
# of internal/release), or a tag that exists already.
set -euo pipefail
cd "$(dirname "$0")/.."

apply=false
case "${1:-}" in
--apply) apply=true ;;
"") ;;
*) echo "usage: scripts/tag.sh [--apply]" >&2; exit 2 ;;
esac

root=github.com/otelagent/otelagent-go
version=$(sed -n 's/^ *version: *\(v[0-9][^ ]*\) *$/\1/p' versions.yaml | head -n1)
if [ -z "$version" ]; then
	echo "tag.sh: no version in versions.yaml" >&2; exit 1
fi
modules=$(awk '/^ *modules:/{on=1; next} on && /^ *- /{print $2; next} {on=0}' versions.yaml)

if [ -n "$(git status --porcelain)" ]; then
	echo "tag.sh: the work tree has changes; commit them first" >&2; exit 1
fi
go test -count=1 ./internal/release >/dev/null || {
	echo "tag.sh: internal/release fails: the modules do not agree on $version" >&2; exit 1
}

tags=()
for m in $modules; do
	dir=${m#"$root"}
	dir=${dir#/}
	tag=${dir:+$dir/}$version
	if git rev-parse -q --verify "refs/tags/$tag" >/dev/null; then
		echo "tag.sh: $tag exists already" >&2; exit 1
	fi
	tags+=("$tag")
done

commit=$(git rev-parse HEAD)
for tag in "${tags[@]}"; do
	if $apply; then
		git tag -a "$tag" -m "otelagent $version" "$commit"
		echo "tagged $tag"
	else
		echo "would tag $tag at $commit"
	fi
done
if $apply; then
	echo "push with: git push origin ${tags[*]}"
fi
